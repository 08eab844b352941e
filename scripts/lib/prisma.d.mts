export function runPrisma(args: string[], env?: NodeJS.ProcessEnv): string;
export function generateClients(): void;
export function migrateDeploy(): { provider: "sqlite" | "postgresql"; output: string; found: number | null };
