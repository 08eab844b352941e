// The scope checkboxes of the create dialog: every scope in the catalogue, and whether the
// account's tier may grant it (pro-only scopes stay visible on free, with the reason).
import { SCOPES, TIERS, TIER_PLANS, ALL_SCOPES, type Scope, type Tier } from "@/lib/accounts/tiers";

export type ScopeChoice = {
  scope: Scope;
  description: string;
  available: boolean;
  /** The lowest tier that grants it, for the reason shown next to an unavailable scope. */
  lowestTier: Tier | null;
};

export function scopeChoicesFor(tier: Tier): ScopeChoice[] {
  const granted = new Set<Scope>(TIER_PLANS[tier].scopes);
  return ALL_SCOPES.map((scope) => ({
    scope,
    description: SCOPES[scope],
    available: granted.has(scope),
    lowestTier: TIERS.find((candidate) => TIER_PLANS[candidate].scopes.includes(scope)) ?? null,
  }));
}
