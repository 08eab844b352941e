export function dataDir(): string;
export function resolveDatabase(databaseUrl?: string): {
  provider: "sqlite" | "postgresql";
  url: string;
  filePath?: string;
};
export function resolveSecret(env?: NodeJS.ProcessEnv): string;
export function checkPublicUrl(env?: NodeJS.ProcessEnv): URL | null;
export function prepareRuntimeEnv(): ReturnType<typeof resolveDatabase>;
