// What a key looks like from outside. Every response goes through the response schema, so a
// column added to the table (a hash, a secret) cannot reach a client by accident.
import { asTier, TIER_PLANS, type Scope, type Tier } from "@/lib/accounts/tiers";
import type { ApiKey } from "@/lib/db/generated/sqlite/client.ts";
import { apiKeySchema, createdKeySchema, type ApiKeyView, type CreatedKeyView } from "./schemas";
import { keyPreview } from "./secret";

export type KeyStatus = "active" | "expired" | "revoked";

export function keyStatus(key: Pick<ApiKey, "revokedAt" | "expiresAt">, now: Date): KeyStatus {
  if (key.revokedAt && key.revokedAt <= now) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** A key's scopes under its account's current tier: its own list, never beyond the tier's set. */
export function effectiveScopes(storedScopes: string | null, tier: Tier): Scope[] {
  const allowed = TIER_PLANS[tier].scopes;
  if (storedScopes === null) return [...allowed];
  const requested = JSON.parse(storedScopes) as string[];
  return allowed.filter((scope) => requested.includes(scope));
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toKeyView(key: ApiKey, accountTier: string, now: Date = new Date()): ApiKeyView {
  const tier = asTier(accountTier);
  const plan = TIER_PLANS[tier];
  const status = keyStatus(key, now);
  return apiKeySchema.parse({
    id: key.id,
    name: key.name,
    key_preview: keyPreview(key.lastFour),
    tier,
    scopes: effectiveScopes(key.scopes, tier),
    rate_limit_per_minute: plan.ratePerMinute,
    rate_limit_per_day: plan.ratePerDay,
    total_requests: Number(key.totalRequests),
    last_used_at: iso(key.lastUsedAt),
    created_at: key.createdAt.toISOString(),
    expires_at: iso(key.expiresAt),
    status,
    revoked_at: status === "revoked" ? iso(key.revokedAt) : null,
  });
}

export function toCreatedKeyView(key: ApiKey, accountTier: string, fullKey: string): CreatedKeyView {
  return createdKeySchema.parse({ ...toKeyView(key, accountTier), key: fullKey, full_key: fullKey });
}
