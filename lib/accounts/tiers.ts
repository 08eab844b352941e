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

const limitOverridesSchema = z.partialRecord(
  tierSchema,
  z.strictObject({ perMinute: z.number().int().positive().optional(), perDay: z.number().int().positive().optional() }),
);
let overrides: z.infer<typeof limitOverridesSchema> | undefined;

/**
 * TIER_LIMITS (server-side JSON, e.g. {"free":{"perMinute":120}}) lets an operator set a
 * deployment's request limits per tier; load tests use it to run the limiter at full work
 * without hitting the limits. Invalid JSON stops the server rather than being ignored.
 */
function limitOverrides() {
  if (overrides === undefined) {
    const raw = typeof process === "undefined" ? undefined : process.env.TIER_LIMITS;
    overrides = raw ? limitOverridesSchema.parse(JSON.parse(raw)) : {};
  }
  return overrides;
}

const plans: Partial<Record<Tier, TierPlan>> = {};

/**
 * A tier's plan as this deployment enforces it. Read on every keyed request, and fixed for the
 * process's life (TIER_LIMITS is read once), so each tier's plan is built once.
 */
export function planFor(tier: Tier): TierPlan {
  return (plans[tier] ??= Object.freeze(enforcedPlan(tier)));
}

function enforcedPlan(tier: Tier): TierPlan {
  const plan = TIER_PLANS[tier];
  const override = limitOverrides()[tier];
  if (!override) return plan;
  return { ...plan, ratePerMinute: override.perMinute ?? plan.ratePerMinute, ratePerDay: override.perDay ?? plan.ratePerDay };
}
