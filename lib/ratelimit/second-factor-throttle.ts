// Slows down guessing of second-factor codes: a 6-digit code is one in a million, so without a
// budget a stolen password plus a script would find it. Attempts are counted per user and per
// client address; once either budget is spent every attempt fails the same way until the window
// passes. As with sign-in (./sign-in-throttle.ts), the point is taken BEFORE the code is checked,
// atomically, so N attempts at once never all see a full budget, and a success gives it back.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter } from "./store";

const WINDOW_SECONDS = 15 * 60;
export const SECOND_FACTOR_BUDGET = { perUser: 5, perAddress: 30, windowSeconds: WINDOW_SECONDS } as const;

type Throttles = { perUser: RateLimiterAbstract; perAddress: RateLimiterAbstract };
let throttles: Throttles | undefined;

function limiters(): Throttles {
  throttles ??= ((globalThis as { __secondFactorThrottles?: Throttles }).__secondFactorThrottles ??= {
    perUser: createLimiter({ keyPrefix: "2fa-user", points: SECOND_FACTOR_BUDGET.perUser, duration: WINDOW_SECONDS }),
    perAddress: createLimiter({ keyPrefix: "2fa-ip", points: SECOND_FACTOR_BUDGET.perAddress, duration: WINDOW_SECONDS }),
  });
  return throttles;
}

/** An attempt that holds one point of each budget until it says how it ended. */
export type SecondFactorAttempt = {
  /** The code was right: both points go back (earlier failures stay counted for their window). */
  succeeded(): Promise<void>;
  /** The code was never checked (the database failed): points go back. */
  abandoned(): Promise<void>;
};

/**
 * Takes a point from the user's and the address's budgets, or returns null when either is spent
 * (and then gives back the point the other one took: nothing was checked).
 */
export async function beginSecondFactorAttempt(userId: string, address: string | null): Promise<SecondFactorAttempt | null> {
  const keys = { user: userId, address: address ?? "unknown" };
  const { perUser, perAddress } = limiters();
  const [byUser, byAddress] = await Promise.allSettled([perUser.consume(keys.user, 1), perAddress.consume(keys.address, 1)]);
  for (const outcome of [byUser, byAddress]) {
    if (outcome.status === "rejected" && !(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
  }
  const giveBack = async () => {
    await Promise.all([
      byUser.status === "fulfilled" ? perUser.reward(keys.user, 1) : null,
      byAddress.status === "fulfilled" ? perAddress.reward(keys.address, 1) : null,
    ]);
  };
  if (byUser.status === "rejected" || byAddress.status === "rejected") {
    await giveBack();
    return null;
  }
  return { succeeded: giveBack, abandoned: giveBack };
}
