// "Send test event" and "Redeliver" make this platform post to a URL the user chose, at once: they
// are limited per account (30 a minute, shared by every instance through Redis), so the console
// cannot be used to flood someone else's server.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "@/lib/http/errors";
import { createLimiter } from "@/lib/ratelimit/store";

export const MANUAL_SENDS_PER_MINUTE = 30;

const holder = globalThis as { __webhookManualSends?: RateLimiterAbstract };

/** Counts one test event or redelivery for the account, or throws 429 with Retry-After. */
export async function takeManualSend(accountId: string): Promise<void> {
  holder.__webhookManualSends ??= createLimiter({ keyPrefix: "webhook-manual", points: MANUAL_SENDS_PER_MINUTE, duration: 60 });
  try {
    await holder.__webhookManualSends.consume(accountId, 1);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError("rate_limited", `At most ${MANUAL_SENDS_PER_MINUTE} test events and redeliveries a minute. Try again in ${retryAfter} seconds.`, {
      details: { retry_after_seconds: retryAfter },
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}
