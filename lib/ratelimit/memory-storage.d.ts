// rate-limiter-flexible's own in-memory store (the one RateLimiterMemory wraps in a promise),
// used directly so that counting on one instance without Redis needs no promise at all.
declare module "rate-limiter-flexible/lib/component/MemoryStorage/MemoryStorage.js" {
  import type { RateLimiterRes } from "rate-limiter-flexible";
  export default class MemoryStorage {
    incrby(key: string, value: number, durationSec: number): RateLimiterRes;
    get(key: string): RateLimiterRes | null;
  }
}
