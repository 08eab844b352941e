// The passkey sign-in options are public and each one stores a challenge row, so they are
// limited per client address (PASSKEY_OPTIONS_LIMIT_PER_MINUTE, default 30; 0 turns it off):
// enough for people retrying a sign-in, too few to fill the table.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "@/lib/http/errors";
import { createLimiter } from "@/lib/ratelimit/store";

export const PASSKEY_OPTIONS_DEFAULT_PER_MINUTE = 30;

const holder = globalThis as { __passkeyOptionsLimit?: RateLimiterAbstract | null };

function limiter(): RateLimiterAbstract | null {
  if (holder.__passkeyOptionsLimit === undefined) {
    const raw = process.env.PASSKEY_OPTIONS_LIMIT_PER_MINUTE?.trim();
    const points = raw ? Number(raw) : PASSKEY_OPTIONS_DEFAULT_PER_MINUTE;
    if (!Number.isInteger(points) || points < 0) {
      throw new Error(`PASSKEY_OPTIONS_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off), not "${raw}".`);
    }
    holder.__passkeyOptionsLimit = points > 0 ? createLimiter({ keyPrefix: "passkey-options-ip", points, duration: 60 }) : null;
  }
  return holder.__passkeyOptionsLimit;
}

/** Counts one request for sign-in options from this address, or throws 429 with Retry-After. */
export async function takePasskeyOptionsRequest(address: string | null): Promise<void> {
  const limit = limiter();
  if (!limit) return;
  try {
    await limit.consume(address ?? "unknown", 1);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError("rate_limited", `Too many passkey sign-in attempts from this address. Try again in ${retryAfter} seconds.`, {
      details: { retry_after_seconds: retryAfter },
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}
