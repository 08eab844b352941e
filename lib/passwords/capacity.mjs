// How much password hashing one instance takes on, read by the hashing pool (hashing.ts) and by
// the admission gate in front of Next (gate.mjs), so both agree. Plain JavaScript: the server
// script loads it before the app exists.
import { availableParallelism } from "node:os";

function wholeNumber(env, name, fallback) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1, not "${raw}".`);
  return value;
}

/** Threads hashing at once (leave a core for the event loop) and tasks that may wait for one. */
export function hashingCapacity(env = process.env) {
  const threads = wholeNumber(env, "PASSWORD_HASH_THREADS", Math.max(1, Math.min(4, availableParallelism() - 1)));
  const queue = wholeNumber(env, "PASSWORD_HASH_QUEUE", 8 * threads);
  return { threads, queue, inFlight: threads + queue };
}
