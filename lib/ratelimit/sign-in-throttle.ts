// Slows down password guessing: failed sign-ins are counted per email and per IP, and once
// either budget is spent every attempt fails the same way until the window passes.
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter } from "./store";

const WINDOW_SECONDS = 15 * 60;
type Throttles = { perEmail: RateLimiterAbstract; perIp: RateLimiterAbstract };
let throttles: Throttles | undefined;

/** Created on first use, once Redis (if configured) is known; shared by every instance through it. */
function limiters(): Throttles {
  throttles ??= ((globalThis as { __signInThrottles?: Throttles }).__signInThrottles ??= {
    perEmail: createLimiter({ keyPrefix: "signin-email", points: 5, duration: WINDOW_SECONDS }),
    perIp: createLimiter({ keyPrefix: "signin-ip", points: 30, duration: WINDOW_SECONDS }),
  });
  return throttles;
}

function keysFor(email: string, ip: string | null) {
  return { email: email.trim().toLowerCase(), ip: ip ?? "unknown" };
}

/** True when this email or IP has used up its failed attempts. */
export async function isSignInBlocked(email: string, ip: string | null): Promise<boolean> {
  const keys = keysFor(email, ip);
  const { perEmail, perIp } = limiters();
  const [byEmail, byIp] = await Promise.all([perEmail.get(keys.email), perIp.get(keys.ip)]);
  return (byEmail?.consumedPoints ?? 0) >= 5 || (byIp?.consumedPoints ?? 0) >= 30;
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const keys = keysFor(email, ip);
  const { perEmail, perIp } = limiters();
  await Promise.all([perEmail.penalty(keys.email, 1), perIp.penalty(keys.ip, 1)]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await limiters().perEmail.delete(keysFor(email, null).email);
}
