export declare const DEFAULT_KEY_CACHE_TTL_MS: number;
export declare function cacheTtlFromEnv(raw?: string | undefined): number;
