// Slows down password guessing: failed sign-ins are counted per email and per IP, and once
// either budget is spent every attempt fails the same way until the window passes.
import { RateLimiterMemory } from "rate-limiter-flexible";

const WINDOW_SECONDS = 15 * 60;
const perEmail = new RateLimiterMemory({ keyPrefix: "signin-email", points: 5, duration: WINDOW_SECONDS });
const perIp = new RateLimiterMemory({ keyPrefix: "signin-ip", points: 30, duration: WINDOW_SECONDS });

function keysFor(email: string, ip: string | null) {
  return { email: email.trim().toLowerCase(), ip: ip ?? "unknown" };
}

/** True when this email or IP has used up its failed attempts. */
export async function isSignInBlocked(email: string, ip: string | null): Promise<boolean> {
  const keys = keysFor(email, ip);
  const [byEmail, byIp] = await Promise.all([perEmail.get(keys.email), perIp.get(keys.ip)]);
  return (byEmail?.consumedPoints ?? 0) >= 5 || (byIp?.consumedPoints ?? 0) >= 30;
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const keys = keysFor(email, ip);
  await Promise.all([perEmail.penalty(keys.email, 1), perIp.penalty(keys.ip, 1)]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await perEmail.delete(keysFor(email, null).email);
}
