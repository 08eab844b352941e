// What a key looks like from outside. Every response goes through the response schema, so a
// column added to the table (a hash, a secret) cannot reach a client by accident.
import { asTier, planFor, TIER_PLANS, type Scope, type Tier } from "@/lib/accounts/tiers";
import type { ApiKey } from "@/lib/db";
import { dailyRequests, usageTotals, type KeyUsage } from "@/lib/usage/read";
import { storedAllowedIps } from "./allowed-ips";
import { db } from "@/lib/db";
import { apiKeySchema, createdKeySchema, type ApiKeyView, type CreatedKeyView, type KeyCreator } from "./schemas";
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

export function toKeyView(
  key: ApiKey,
  accountTier: string,
  usage: KeyUsage = NO_USAGE,
  now: Date = new Date(),
  daily?: number[],
  creator: KeyCreator = null,
): ApiKeyView {
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
    created_by: creator,
    ...(daily ? { daily_requests: daily } : {}),
  });
}

/**
 * Who created each key, and whether they are still a member of the key's account: two queries
 * for any number of keys (keys of one listing share an account).
 */
export async function keyCreators(keys: Pick<ApiKey, "accountId" | "createdById">[]): Promise<Map<string, NonNullable<KeyCreator>>> {
  const ids = [...new Set(keys.map((key) => key.createdById).filter((id): id is string => id !== null))];
  const accountIds = [...new Set(keys.map((key) => key.accountId))];
  if (ids.length === 0) return new Map();
  const [users, memberships] = await Promise.all([
    db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } }),
    db().membership.findMany({ where: { userId: { in: ids }, accountId: { in: accountIds } }, select: { userId: true, accountId: true } }),
  ]);
  const members = new Set(memberships.map((m) => `${m.accountId} ${m.userId}`));
  const byId = new Map(users.map((user) => [user.id, user]));
  const creators = new Map<string, NonNullable<KeyCreator>>();
  for (const key of keys) {
    const user = key.createdById === null ? undefined : byId.get(key.createdById);
    if (user) creators.set(`${key.accountId} ${user.id}`, { ...user, member: members.has(`${key.accountId} ${user.id}`) });
  }
  return creators;
}

const creatorOf = (creators: Map<string, NonNullable<KeyCreator>>, key: Pick<ApiKey, "accountId" | "createdById">): KeyCreator =>
  key.createdById === null ? null : (creators.get(`${key.accountId} ${key.createdById}`) ?? null);

/** Keys as the API shows them, with their usage and creator; `withDaily` adds the sparkline series. */
export async function presentKeys(keys: ApiKey[], accountTier: string, options: { withDaily?: boolean } = {}): Promise<ApiKeyView[]> {
  const now = new Date();
  const ids = keys.map((key) => key.id);
  const [totals, daily, creators] = await Promise.all([
    usageTotals(ids),
    options.withDaily ? dailyRequests(ids, SPARKLINE_DAYS, now.getTime()) : Promise.resolve(null),
    keyCreators(keys),
  ]);
  return keys.map((key) =>
    toKeyView(key, accountTier, totals.get(key.id), now, daily?.get(key.id)?.map((day) => day.requests), creatorOf(creators, key)),
  );
}

export async function presentKey(key: ApiKey, accountTier: string): Promise<ApiKeyView> {
  const [view] = await presentKeys([key], accountTier);
  if (!view) throw new Error("presentKeys returned nothing for one key");
  return view;
}

/** The caller as the creator of the key they just made. */
export function creatorIs(principal: { userId: string; email: string; name: string | null }): KeyCreator {
  return { id: principal.userId, email: principal.email, name: principal.name, member: true };
}

/** A new key, made by a current member: the creator is the caller. */
export function toCreatedKeyView(key: ApiKey, accountTier: string, fullKey: string, creator: KeyCreator = null): CreatedKeyView {
  return createdKeySchema.parse({ ...toKeyView(key, accountTier, NO_USAGE, new Date(), undefined, creator), key: fullKey, full_key: fullKey });
}
