// KEY_CACHE_TTL_MS: how long a verified key may be served from memory (lib/keys/verify.ts).
// Plain JavaScript: `npm start` checks it before serving (lib/config/runtime.mjs), so a bad value
// stops the server with a reason instead of failing every key request.

export const DEFAULT_KEY_CACHE_TTL_MS = 30_000;

/** 1 s to 10 min; unset means 30 s. Anything else throws, naming the variable. */
export function cacheTtlFromEnv(raw = process.env.KEY_CACHE_TTL_MS) {
  if (raw === undefined || raw.trim() === "") return DEFAULT_KEY_CACHE_TTL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1_000 || ms > 600_000) {
    throw new Error(`KEY_CACHE_TTL_MS must be a whole number of milliseconds from 1000 to 600000, not "${raw}".`);
  }
  return ms;
}
