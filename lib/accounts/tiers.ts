// The catalogue of scopes and what each subscription tier gets. One module, so the API,
// the settings page and the limiter all read the same numbers.
import { z } from "zod";

export const TIERS = ["free", "pro"] as const;
export const tierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof tierSchema>;

export const SCOPES = {
  "audit:read": "Read the account's audit events (SIEM pulls).",
  "keys:read": "List the account's API keys, without secrets.",
  "usage:read": "Read daily request counts per key.",
} as const;
export type Scope = keyof typeof SCOPES;
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

export type TierPlan = {
  scopes: readonly Scope[];
  ratePerMinute: number;
  ratePerDay: number;
  maxActiveKeys: number;
};

export const TIER_PLANS: Record<Tier, TierPlan> = {
  free: { scopes: ["audit:read", "keys:read"], ratePerMinute: 60, ratePerDay: 1_000, maxActiveKeys: 10 },
  pro: { scopes: ["audit:read", "keys:read", "usage:read"], ratePerMinute: 600, ratePerDay: 100_000, maxActiveKeys: 100 },
};

/** Tiers are stored as text; anything unexpected is treated as the least privileged tier. */
export function asTier(value: string): Tier {
  return value === "pro" ? "pro" : "free";
}

/**
 * A tier's plan as this deployment enforces it. RATE_LIMIT_MULTIPLIER (server-side, default 1)
 * scales the request limits, for load-testing a deployment without a tier of its own.
 */
export function planFor(tier: Tier): TierPlan {
  const plan = TIER_PLANS[tier];
  const multiplier = Number(typeof process === "undefined" ? 1 : (process.env.RATE_LIMIT_MULTIPLIER ?? 1));
  if (!Number.isFinite(multiplier) || multiplier <= 0 || multiplier === 1) return plan;
  return { ...plan, ratePerMinute: Math.round(plan.ratePerMinute * multiplier), ratePerDay: Math.round(plan.ratePerDay * multiplier) };
}
