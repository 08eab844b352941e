// The Redis connection shared by the limiter, revocation messages and health, when REDIS_URL is
// set. Commands fail fast while Redis is away (no offline queue), so callers fall back at once
// instead of hanging; the client reconnects by itself. Loss and recovery are logged once each.
import { hostname } from "node:os";
import { Redis, type RedisOptions } from "ioredis";

type RedisState = { client: Redis | null; created: boolean; up: boolean; everUp: boolean };
const state: RedisState = ((globalThis as { __redis?: RedisState }).__redis ??= { client: null, created: false, up: false, everUp: false });

export function redisUrl(): string | null {
  const url = process.env.REDIS_URL?.trim();
  return url ? url : null;
}

export const REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  // Reconnect quickly at first, then every 2 s at most.
  retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
};

/**
 * The name a connection shows in Redis's CLIENT LIST: host, process and role, so an operator
 * (or a test) can tell which instance holds which connection and kill just that one.
 */
export function connectionName(role: string): string {
  return `soc-api:${hostname().replace(/[^\w.-]/g, "_")}:${process.pid}:${role}`;
}

/** Logs a connection's loss and recovery once per transition, never per failed command. */
export function watchConnection(client: Redis, label: string, onChange?: (up: boolean) => void): void {
  let up = false;
  let reported = false;
  const set = (next: boolean, detail?: string) => {
    if (next === up && reported) return;
    const wasReported = reported;
    up = next;
    reported = true;
    if (next) console.info(`[redis] ${label} connected.`);
    else if (wasReported || detail) console.error(`[redis] ${label} unreachable${detail ? ` (${detail})` : ""}; falling back until it returns.`);
    onChange?.(next);
  };
  client.on("ready", () => set(true));
  client.on("error", (error: Error) => set(false, error.message));
  client.on("close", () => set(false));
}

/** The shared command connection, or null when no REDIS_URL is configured. */
export function redis(): Redis | null {
  const url = redisUrl();
  if (!url) return null;
  if (!state.created) {
    state.created = true;
    state.client = new Redis(url, { ...REDIS_OPTIONS, connectionName: connectionName("commands") });
    watchConnection(state.client, "command connection", (up) => {
      state.up = up;
      if (up) state.everUp = true;
    });
  }
  return state.client;
}

export function redisIsUp(): boolean {
  return state.up;
}
