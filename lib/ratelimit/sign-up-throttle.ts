// Sign-ups cost a bcrypt hash and create an account, so they are limited per client address and
// for the whole platform, per hour. Both are configurable; 0 turns a limit off (load tests, and test
// rigs that sign many users up from one address).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "@/lib/http/errors";
import { createLimiter } from "./store";

const HOUR_SECONDS = 60 * 60;
export const SIGNUP_DEFAULTS = { perAddressPerHour: 10, perHour: 500 } as const;

function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number (0 turns the limit off), not "${raw}".`);
  return value;
}

type Limits = { perAddress: RateLimiterAbstract | null; total: RateLimiterAbstract | null };
const holder = globalThis as { __signUpLimits?: Limits };

function limits(): Limits {
  if (!holder.__signUpLimits) {
    const perAddress = limitFromEnv("SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR", SIGNUP_DEFAULTS.perAddressPerHour);
    const total = limitFromEnv("SIGNUP_LIMIT_PER_HOUR", SIGNUP_DEFAULTS.perHour);
    holder.__signUpLimits = {
      perAddress: perAddress > 0 ? createLimiter({ keyPrefix: "signup-ip", points: perAddress, duration: HOUR_SECONDS }) : null,
      total: total > 0 ? createLimiter({ keyPrefix: "signup-all", points: total, duration: HOUR_SECONDS }) : null,
    };
  }
  return holder.__signUpLimits;
}

/** Counts one sign-up attempt, or throws 429 naming which limit and when to retry. */
export async function takeSignUpAttempt(address: string | null): Promise<void> {
  const { perAddress, total } = limits();
  try {
    if (perAddress) await perAddress.consume(address ?? "unknown", 1);
  } catch (error) {
    throw refusal(error, "from this address");
  }
  try {
    if (total) await total.consume("all", 1);
  } catch (error) {
    // Not this address's fault: give its point back.
    if (perAddress) await perAddress.reward(address ?? "unknown", 1);
    throw refusal(error, "on this service right now");
  }
}

function refusal(error: unknown, where: string): unknown {
  if (!(error instanceof RateLimiterRes)) return error;
  const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  return new ApiError("rate_limited", `Too many sign-ups ${where}. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, {
    details: { retry_after_seconds: retryAfter },
    headers: { "Retry-After": String(retryAfter) },
  });
}
