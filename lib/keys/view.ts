// What a key looks like from outside. Every response goes through the response schema, so a
// column added to the table (a hash, a secret) cannot reach a client by accident.
import { asTier, planFor, TIER_PLANS, type Scope, type Tier } from "@/lib/accounts/tiers";
import type { ApiKey } from "@/lib/db";
import { dailyRequests, usageTotals, type KeyUsage } from "@/lib/usage/read";
import { storedAllowedIps } from "./allowed-ips";
import { apiKeySchema, createdKeySchema, type ApiKeyView, type CreatedKeyView } from "./schemas";
import { keyPreview } from "./secret";

export type KeyStatus = "active" | "expired" | "revoked";

export function keyStatus(key: Pick<ApiKey, "revokedAt" | "expiresAt">, now: Date): KeyStatus {
  if (key.revokedAt && key.revokedAt <= now) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** The scopes column: a JSON array, or null for "the tier's full set". */
export function parseStoredScopes(stored: string | null): string[] | null {
  return stored === null ? null : (JSON.parse(stored) as string[]);
}

/** A key's scopes under its account's current tier: its own list, never beyond the tier's set. */
export function effectiveScopes(requested: readonly string[] | null, tier: Tier): Scope[] {
  const allowed = TIER_PLANS[tier].scopes;
  if (requested === null) return [...allowed];
  return allowed.filter((scope) => requested.includes(scope));
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const NO_USAGE: KeyUsage = { totalRequests: 0, lastUsedAt: null, lastUsedIp: null, lastUsedUserAgent: null };
/** Days of history in the settings page's sparkline. */
export const SPARKLINE_DAYS = 14;

export function toKeyView(key: ApiKey, accountTier: string, usage: KeyUsage = NO_USAGE, now: Date = new Date(), daily?: number[]): ApiKeyView {
  const tier = asTier(accountTier);
  const plan = planFor(tier);
  const status = keyStatus(key, now);
  return apiKeySchema.parse({
    id: key.id,
    name: key.name,
    key_preview: keyPreview(key.lastFour),
    tier,
    scopes: effectiveScopes(parseStoredScopes(key.scopes), tier),
    rate_limit_per_minute: plan.ratePerMinute,
    rate_limit_per_day: plan.ratePerDay,
    total_requests: usage.totalRequests,
    last_used_at: iso(usage.lastUsedAt),
    created_at: key.createdAt.toISOString(),
    expires_at: iso(key.expiresAt),
    status,
    allowed_ips: storedAllowedIps(key.allowedIps),
    last_used_ip: usage.lastUsedIp,
    last_used_user_agent: usage.lastUsedUserAgent,
    // Also set on an active key whose revocation is scheduled (a rotation's grace period): when it stops.
    revoked_at: iso(key.revokedAt),
    exposed_at: iso(key.exposedAt),
    exposure_url: key.exposureUrl,
    exposure_source: key.exposureSource === "github" || key.exposureSource === "report" ? key.exposureSource : null,
    replaced_by: key.replacedById,
    ...(daily ? { daily_requests: daily } : {}),
  });
}

/** Keys as the API shows them, with their usage; `withDaily` adds the sparkline series. */
export async function presentKeys(keys: ApiKey[], accountTier: string, options: { withDaily?: boolean } = {}): Promise<ApiKeyView[]> {
  const now = new Date();
  const ids = keys.map((key) => key.id);
  const [totals, daily] = await Promise.all([
    usageTotals(ids),
    options.withDaily ? dailyRequests(ids, SPARKLINE_DAYS, now.getTime()) : Promise.resolve(null),
  ]);
  return keys.map((key) =>
    toKeyView(key, accountTier, totals.get(key.id), now, daily?.get(key.id)?.map((day) => day.requests)),
  );
}

export async function presentKey(key: ApiKey, accountTier: string): Promise<ApiKeyView> {
  const [view] = await presentKeys([key], accountTier);
  if (!view) throw new Error("presentKeys returned nothing for one key");
  return view;
}

export function toCreatedKeyView(key: ApiKey, accountTier: string, fullKey: string): CreatedKeyView {
  return createdKeySchema.parse({ ...toKeyView(key, accountTier), key: fullKey, full_key: fullKey });
}
