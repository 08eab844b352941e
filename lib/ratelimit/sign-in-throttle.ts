// Slows down password guessing: attempts are counted per email and per client address, and once
// either budget is spent every attempt fails the same way until the window passes.
// The point is taken BEFORE the password is checked, atomically (consume, not get-then-record):
// N attempts at once, on one instance or several sharing Redis, can never all see a full budget.
// A success gives its points back, so only failures count.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter } from "./store";

const WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_BUDGET = { perEmail: 5, perAddress: 30, windowSeconds: WINDOW_SECONDS } as const;

type Throttles = { perEmail: RateLimiterAbstract; perAddress: RateLimiterAbstract };
let throttles: Throttles | undefined;

/** Created on first use, once Redis (if configured) is known; shared by every instance through it. */
function limiters(): Throttles {
  throttles ??= ((globalThis as { __signInThrottles?: Throttles }).__signInThrottles ??= {
    perEmail: createLimiter({ keyPrefix: "signin-email", points: SIGN_IN_BUDGET.perEmail, duration: WINDOW_SECONDS }),
    perAddress: createLimiter({ keyPrefix: "signin-ip", points: SIGN_IN_BUDGET.perAddress, duration: WINDOW_SECONDS }),
  });
  return throttles;
}

function keysFor(email: string, address: string | null) {
  return { email: email.trim().toLowerCase(), address: address ?? "unknown" };
}

/** An attempt that holds one point of each budget until it says how it ended. */
export type SignInAttempt = {
  /**
   * The password was right: both points go back. Earlier failures stay counted for their window,
   * so an attacker's guesses are not wiped out by the owner signing in meanwhile.
   */
  succeeded(): Promise<void>;
  /** The password was never checked (the hashing queue was full, the database failed): points go back. */
  abandoned(): Promise<void>;
};

/**
 * Takes a point from the email's and the address's budgets, or returns null when either is spent
 * (and then gives back the point the other one took: nothing was checked).
 */
export async function beginSignInAttempt(email: string, address: string | null): Promise<SignInAttempt | null> {
  const keys = keysFor(email, address);
  const { perEmail, perAddress } = limiters();
  const [byEmail, byAddress] = await Promise.allSettled([perEmail.consume(keys.email, 1), perAddress.consume(keys.address, 1)]);
  for (const outcome of [byEmail, byAddress]) {
    if (outcome.status === "rejected" && !(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
  }
  const giveBack = async () => {
    await Promise.all([
      byEmail.status === "fulfilled" ? perEmail.reward(keys.email, 1) : null,
      byAddress.status === "fulfilled" ? perAddress.reward(keys.address, 1) : null,
    ]);
  };
  if (byEmail.status === "rejected" || byAddress.status === "rejected") {
    await giveBack();
    return null;
  }
  return {
    succeeded: giveBack,
    abandoned: giveBack,
  };
}
