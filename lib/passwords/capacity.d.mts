export function hashingCapacity(env?: NodeJS.ProcessEnv): { threads: number; queue: number; inFlight: number };
