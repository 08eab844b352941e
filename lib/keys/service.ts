// Creating, listing, revoking and rotating keys. Every query is scoped to the caller's
// account, and every mutation starts by touching the account row so that concurrent
// mutations of one account run one after another (limits and audit order stay exact).
import { TIER_PLANS, asTier, type Tier } from "@/lib/accounts/tiers";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db, Prisma, type Tx } from "@/lib/db";
import { retryOnConflict } from "@/lib/db/retry";
import { ApiError } from "@/lib/http/errors";
import { assertKeyLifetimeAllowed } from "@/lib/policies/service";
import type { CreateKeyRequest, RotateKeyRequest, UpdateKeyRequest } from "./schemas";
import { storedAllowedIps } from "./allowed-ips";
import { keyChanged } from "./revocation";
import { generateKey, hashKey } from "./secret";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export type KeyStatusFilter = "active" | "expired" | "revoked" | "all";

function statusWhere(status: KeyStatusFilter, now: Date): Prisma.ApiKeyWhereInput {
  const notRevoked: Prisma.ApiKeyWhereInput = { OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] };
  const notExpired: Prisma.ApiKeyWhereInput = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  switch (status) {
    case "active":
      return { AND: [notRevoked, notExpired] };
    case "revoked":
      return { revokedAt: { lte: now } };
    case "expired":
      return { AND: [notRevoked, { expiresAt: { lte: now } }] };
    case "all":
      return {};
  }
}

/** Locks the account for the rest of the transaction and returns its current tier. */
async function lockAccount(tx: Tx, accountId: string): Promise<Tier> {
  return asTier((await lockAccountRow(tx, accountId)).tier);
}

async function lockAccountRow(tx: Tx, accountId: string) {
  return tx.account.update({ where: { id: accountId }, data: { updatedAt: new Date() }, select: { tier: true, maxKeyLifetimeDays: true } });
}

/**
 * Whether the caller may change this key (rename, allowlist, rotate, revoke), decided by the
 * permission table from the key's creator: lib/permissions/check.ts assertMayChangeKey.
 */
export type KeyGuard = (key: { createdById: string | null }) => void;
const anyKey: KeyGuard = () => undefined;

/** Names of keys that expired are free to use again. */
async function releaseExpiredNames(tx: Tx, accountId: string, now: Date) {
  await tx.apiKey.updateMany({ where: { accountId, activeName: { not: null }, expiresAt: { lte: now } }, data: { activeName: null } });
}

function resolveScopes(requested: string[] | undefined, tier: Tier): string | null {
  if (requested === undefined) return null;
  const allowed: readonly string[] = TIER_PLANS[tier].scopes;
  const unique = [...new Set(requested)];
  const refused = unique.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new ApiError("invalid_request", `Scopes not available on the ${tier} tier: ${refused.join(", ")}. Allowed: ${allowed.join(", ")}.`, {
      details: { fields: ["scopes"], allowed_scopes: allowed },
    });
  }
  // A list equal to the tier's whole set is still an explicit choice: it stays fixed if the tier grows.
  return JSON.stringify(allowed.filter((scope) => unique.includes(scope)));
}

/**
 * Refuses when the account already holds its tier's number of working keys. A key in a rotation's
 * grace period still works, so it counts (statusWhere("active") includes a revokedAt in the
 * future). Called after lockAccount, so concurrent creates and rotations count one after another.
 */
async function assertRoomForAnotherKey(tx: Tx, accountId: string, tier: Tier, now: Date, advice: string) {
  const active = await tx.apiKey.count({ where: { accountId, ...statusWhere("active", now) } });
  const max = TIER_PLANS[tier].maxActiveKeys;
  if (active >= max) {
    throw new ApiError("key_limit_reached", `The ${tier} tier allows ${max} active keys and this account has ${active} (a key in a rotation's grace period counts until the grace ends). ${advice}`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function nameTaken(name: string): ApiError {
  return new ApiError("name_taken", `An active key named "${name}" already exists. Pick another name, or revoke or rotate that key.`, {
    details: { fields: ["name"] },
  });
}

export async function createKey(actor: AuditActor, input: CreateKeyRequest) {
  const now = new Date();
  const fullKey = generateKey();
  try {
    return await retryOnConflict(() => db().$transaction(async (tx) => {
      const account = await lockAccountRow(tx, actor.accountId);
      const tier = asTier(account.tier);
      assertKeyLifetimeAllowed(account.maxKeyLifetimeDays, input.expires_in_days);
      await releaseExpiredNames(tx, actor.accountId, now);
      const scopes = resolveScopes(input.scopes, tier);
      await assertRoomForAnotherKey(tx, actor.accountId, tier, now, "Revoke a key you no longer use first.");
      const days = input.expires_in_days ?? null;
      const key = await tx.apiKey.create({
        data: {
          accountId: actor.accountId,
          name: input.name,
          activeName: input.name,
          keyHash: hashKey(fullKey),
          lastFour: fullKey.slice(-4),
          scopes,
          allowedIps: input.allowed_ips ? JSON.stringify(input.allowed_ips) : null,
          expiresInDays: days,
          expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS),
          createdById: actor.userId,
          createdAt: now,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: "api_key.created",
        keyId: key.id,
        keyName: key.name,
        metadata: {
          scopes: scopes === null ? "tier default" : JSON.parse(scopes),
          expires_at: key.expiresAt?.toISOString() ?? null,
          allowed_ips: storedAllowedIps(key.allowedIps),
        },
      });
      return { key, tier, fullKey };
    }));
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** A user id: the keys they created; "left": the keys of people no longer members of the account. */
export type CreatorFilter = string | "left" | undefined;

async function creatorWhere(accountId: string, createdBy: CreatorFilter): Promise<Prisma.ApiKeyWhereInput> {
  if (createdBy === undefined) return {};
  if (createdBy !== "left") return { createdById: createdBy };
  const members = await db().membership.findMany({ where: { accountId }, select: { userId: true } });
  return { createdById: { not: null, notIn: members.map((member) => member.userId) } };
}

export async function listKeys(accountId: string, status: KeyStatusFilter, createdBy?: CreatorFilter) {
  const now = new Date();
  const creator = await creatorWhere(accountId, createdBy);
  const [account, keys] = await Promise.all([
    db().account.findUniqueOrThrow({ where: { id: accountId }, select: { tier: true } }),
    db().apiKey.findMany({
      where: { accountId, ...statusWhere(status, now), ...creator },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
  ]);
  return { tier: account.tier, keys };
}

function notFound(): ApiError {
  return new ApiError("not_found", "No such API key.");
}

export async function getKey(accountId: string, id: string) {
  const key = await db().apiKey.findFirst({ where: { id, accountId }, include: { account: { select: { tier: true } } } });
  if (!key) throw notFound();
  return { key, tier: key.account.tier };
}

/** Revokes at once. Revoking a revoked key changes nothing and answers the same. */
export async function revokeKey(actor: AuditActor, id: string, guard: KeyGuard = anyKey) {
  const result = await retryOnConflict(() => db().$transaction(async (tx) => {
    const tier = await lockAccount(tx, actor.accountId);
    const key = await tx.apiKey.findFirst({ where: { id, accountId: actor.accountId } });
    if (!key) throw notFound();
    guard(key);
    const now = new Date();
    if (key.revokedAt && key.revokedAt <= now) return { key, tier, changed: false };
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now, activeName: null } });
    await recordAuditEvent(tx, actor, { action: "api_key.revoked", keyId: key.id, keyName: key.name });
    return { key: revoked, tier, changed: true };
  }));
  // Before the response goes out: the very next request with this key is refused.
  await keyChanged(result.key.id);
  return result;
}

/**
 * A key revoked because it was found in public (at or after its exposure: by the leak policy, or
 * by hand after a notify) and not replaced yet: its integration still needs a key, so it may be
 * rotated once, with no grace period (it stays revoked).
 */
function isReplaceableLeak(key: { revokedAt: Date | null; exposedAt: Date | null; replacedById: string | null }, now: Date): boolean {
  return key.exposedAt !== null && key.revokedAt !== null && key.revokedAt <= now && key.revokedAt >= key.exposedAt && key.replacedById === null;
}

/**
 * Rolls a key: a new key with the same name, scopes and expiry policy; the old one keeps working
 * until the grace period ends (at once for 0), then counts as revoked. A key revoked for a leak
 * (isReplaceableLeak) can be rolled too, once, so the page can hand its integration a new key.
 */
export async function rotateKey(actor: AuditActor, id: string, input: RotateKeyRequest, guard: KeyGuard = anyKey) {
  const graceHours = input.grace_period_hours ?? 0;
  const fullKey = generateKey();
  // The key's name, once read, for the message if its replacement's name is taken.
  const seen: { name?: string } = {};
  try {
    const result = await retryOnConflict(() => db().$transaction(async (tx) => {
      const account = await lockAccountRow(tx, actor.accountId);
      const tier = asTier(account.tier);
      const old = await tx.apiKey.findFirst({ where: { id, accountId: actor.accountId } });
      if (!old) throw notFound();
      guard(old);
      seen.name = old.name;
      const now = new Date();
      const leaked = isReplaceableLeak(old, now);
      if (leaked && graceHours > 0) {
        throw new ApiError("conflict", "This key was revoked because it was found in public, so it cannot keep working for a grace period. Rotate it with grace_period_hours 0.");
      }
      if (!leaked && (old.revokedAt || (old.expiresAt && old.expiresAt <= now))) {
        const reason = old.revokedAt && old.revokedAt > now ? "was already rotated" : old.replacedById ? "was already replaced" : old.revokedAt ? "is revoked" : "has expired";
        throw new ApiError("conflict", `This key ${reason}; only active keys can be rotated. Create a new key instead.`);
      }
      // With a grace period the old key keeps working beside the new one: one more working key, so
      // it needs room under the cap (else rotating again and again would mint unlimited keys).
      // Without one, the new key takes the old one's place and the count does not change. A leaked
      // key no longer counts, so its replacement is one more working key too.
      if (graceHours > 0 || leaked) {
        await assertRoomForAnotherKey(tx, actor.accountId, tier, now, "Revoke a key or rotate with no grace period (grace_period_hours: 0).");
      }
      // A leaked key keeps the moment it was revoked; its name was freed then, but an expired key may hold it.
      const stopsAt = leaked && old.revokedAt ? old.revokedAt : new Date(now.getTime() + graceHours * HOUR_MS);
      // The replacement keeps the old key's expiry policy, shortened to the account's cap if it has one
      // since (a rotation must stay possible for a key made before the cap, and must not outlive it).
      const cap = account.maxKeyLifetimeDays;
      const days = cap === null ? old.expiresInDays : Math.min(old.expiresInDays ?? cap, cap);
      if (leaked) await releaseExpiredNames(tx, actor.accountId, now);
      // Free the name first: the unique index allows one active holder per account.
      else await tx.apiKey.update({ where: { id: old.id }, data: { activeName: null, revokedAt: stopsAt } });
      const replacement = await tx.apiKey.create({
        data: {
          accountId: actor.accountId,
          name: old.name,
          activeName: old.name,
          keyHash: hashKey(fullKey),
          lastFour: fullKey.slice(-4),
          scopes: old.scopes,
          allowedIps: old.allowedIps,
          expiresInDays: days,
          expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS),
          createdById: actor.userId,
          createdAt: now,
        },
      });
      await tx.apiKey.update({ where: { id: old.id }, data: { replacedById: replacement.id } });
      await recordAuditEvent(tx, actor, {
        action: "api_key.rotated",
        keyId: old.id,
        keyName: old.name,
        metadata: {
          new_key_id: replacement.id,
          grace_period_hours: graceHours,
          old_key_stops_at: stopsAt.toISOString(),
          ...(days !== old.expiresInDays ? { expires_in_days: { before: old.expiresInDays, after: days, policy: "max_key_lifetime_days" } } : {}),
          // The old key had stopped already: revoked when it was found in public.
          ...(leaked ? { replaces_exposed_key: true } : {}),
        },
      });
      return { key: replacement, tier, fullKey, oldKeyId: old.id, oldKeyStopsAt: stopsAt };
    }));
    await keyChanged(result.oldKeyId);
    return result;
  } catch (error) {
    // Only a leaked key's replacement can meet this: a key made since then holds the name.
    if (isUniqueViolation(error) && seen.name !== undefined) throw nameTaken(seen.name);
    throw error;
  }
}

/**
 * Renames a key or changes where it may be used from. Only an active key can change (a revoked
 * or expired one is history). The audit event lists each changed field before and after; a
 * request that changes nothing records nothing. Every instance drops the key from its cache
 * before the response, so a narrowed allowlist holds from the very next request.
 */
export async function updateKey(actor: AuditActor, id: string, input: UpdateKeyRequest, guard: KeyGuard = anyKey) {
  try {
    const result = await retryOnConflict(() => db().$transaction(async (tx) => {
      const tier = await lockAccount(tx, actor.accountId);
      const key = await tx.apiKey.findFirst({ where: { id, accountId: actor.accountId } });
      if (!key) throw notFound();
      guard(key);
      const now = new Date();
      if ((key.revokedAt && key.revokedAt <= now) || (key.expiresAt && key.expiresAt <= now)) {
        throw new ApiError("conflict", `This key ${key.revokedAt ? "is revoked" : "has expired"}; only active keys can be changed.`);
      }
      if (key.revokedAt) throw new ApiError("conflict", "This key was rotated and stops working at the end of its grace period; change its replacement instead.");
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const data: { name?: string; activeName?: string; allowedIps?: string | null } = {};
      if (input.name !== undefined && input.name !== key.name) {
        await releaseExpiredNames(tx, actor.accountId, now);
        before.name = key.name;
        after.name = input.name;
        data.name = input.name;
        data.activeName = input.name;
      }
      if (input.allowed_ips !== undefined) {
        const allowedIps = input.allowed_ips === null ? null : JSON.stringify(input.allowed_ips);
        if (allowedIps !== key.allowedIps) {
          before.allowed_ips = storedAllowedIps(key.allowedIps);
          after.allowed_ips = input.allowed_ips;
          data.allowedIps = allowedIps;
        }
      }
      if (Object.keys(data).length === 0) return { key, tier, changed: false };
      const updated = await tx.apiKey.update({ where: { id: key.id }, data });
      await recordAuditEvent(tx, actor, { action: "api_key.updated", keyId: key.id, keyName: updated.name, metadata: { before, after } });
      return { key: updated, tier, changed: true };
    }));
    if (result.changed) await keyChanged(result.key.id);
    return result;
  } catch (error) {
    if (isUniqueViolation(error) && input.name !== undefined) throw nameTaken(input.name);
    throw error;
  }
}
