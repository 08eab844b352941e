// Public reports of leaked keys (POST /api/v1/keys/report-leak), open to anyone as GitHub's own
// credential-revocation API is. The endpoint must be no oracle: the answer is the same bytes
// whatever the keys are, and it is decided before any key is looked at; the look-up and any
// revocation run after the answer is sent, so a live key does not make the answer slower either.
// What stays observable is the server being busy for a moment after a live key was reported; that
// says no more than presenting the key to GET /api/v1/me would, and under the default policy the
// key is revoked by then (guessing live keys is hopeless: 190 random bits).
// Reports are throttled per client address (IPv6 per /64) in the shared store.
import { after } from "next/server";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "@/lib/http/errors";
import { createLimiter } from "@/lib/ratelimit/store";
import { budgetKey } from "@/lib/ratelimit/unknown-keys";
import { handleExposures, type Reporter } from "./exposure";

export const REPORT_LIMIT_DEFAULT_PER_MINUTE = 10;

type State = { limiter: RateLimiterAbstract | null | undefined };
const state: State = ((globalThis as { __leakReportLimits?: State }).__leakReportLimits ??= { limiter: undefined });

function limiter(): RateLimiterAbstract | null {
  if (state.limiter === undefined) {
    const raw = process.env.LEAK_REPORT_LIMIT_PER_MINUTE?.trim();
    const points = raw ? Number(raw) : REPORT_LIMIT_DEFAULT_PER_MINUTE;
    if (!Number.isInteger(points) || points < 0) throw new Error(`LEAK_REPORT_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off), not "${raw}".`);
    state.limiter = points > 0 ? createLimiter({ keyPrefix: "leak-report-ip", points, duration: 60 }) : null;
  }
  return state.limiter;
}

/** Counts one report from this address, or throws 429. Says nothing about the keys. */
export async function takeReportAttempt(address: string | null): Promise<void> {
  const reports = limiter();
  if (!reports) return;
  try {
    await reports.consume(budgetKey(address), 1);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError("rate_limited", `Too many reports from this address. Try again in ${retryAfter} seconds.`, {
      details: { retry_after_seconds: retryAfter },
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}

/**
 * Runs once the answer has been sent (Next's after(): not merely later in this turn of the event
 * loop, which could still be before the response is written, and a synchronous SQLite write would
 * then delay it). A failure is logged (never the keys) and the reporter never learns of it.
 */
export function handleReportLater(keys: string[], reporter: Reporter): void {
  after(async () => {
    try {
      await handleExposures(
        keys.map((token) => ({ token, url: null })),
        "report",
        reporter,
      );
    } catch (error) {
      console.error(`[leaks] handling a leak report failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
