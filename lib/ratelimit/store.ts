// Limiters live in Redis when REDIS_URL is set (atomic counters shared by every instance), with
// an in-memory insurance limiter that takes over while Redis is unreachable; in memory otherwise.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redis } from "@/lib/redis/client";

export function createLimiter(options: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract {
  const memory = new RateLimiterMemory(options);
  const client = redis();
  if (!client) return memory;
  return new RateLimiterRedis({
    ...options,
    keyPrefix: `soc:${options.keyPrefix}`,
    storeClient: client,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}
