// Reading and changing the account's policies, and enforcing the key lifetime cap. A change is one
// audit event (account.policy_changed, before and after), in the same transaction; the leak policy
// keeps its own event (account.leak_policy_changed), as before it moved here.
import { asTier } from "@/lib/accounts/tiers";
import { recordAuditEvents, type AuditActor, type AuditEventInput } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { asLeakPolicy } from "@/lib/leaks/schemas";
import type { PolicyView, UpdatePoliciesRequest } from "./schemas";

type AccountRow = { id: string; name: string; tier: string; requireTwoFactor: boolean; maxKeyLifetimeDays: number | null; leakPolicy: string };

function toView(account: AccountRow): PolicyView {
  return {
    account_id: account.id,
    name: account.name || "Unnamed account",
    tier: asTier(account.tier),
    require_two_factor: account.requireTwoFactor,
    max_key_lifetime_days: account.maxKeyLifetimeDays,
    leak_policy: asLeakPolicy(account.leakPolicy),
  };
}

export async function getPolicies(accountId: string): Promise<PolicyView> {
  return toView(await db().account.findUniqueOrThrow({ where: { id: accountId } }));
}

/**
 * Owners only (the route checks policies:manage). Requiring two-factor needs the caller to have a
 * second factor, or the owner would lock themselves out of their own account.
 */
export async function updatePolicies(actor: AuditActor, userId: string, input: UpdatePoliciesRequest): Promise<PolicyView> {
  if (input.require_two_factor === true) {
    const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, _count: { select: { passkeys: true } } } });
    if (user.totpEnabledAt === null && user._count.passkeys === 0) {
      throw new ApiError("conflict", "Set up an authenticator app or a passkey yourself before requiring two-factor for every member.");
    }
  }
  return db().$transaction(async (tx) => {
    const before = await tx.account.update({ where: { id: actor.accountId }, data: { updatedAt: new Date() } });
    const data: { name?: string; requireTwoFactor?: boolean; maxKeyLifetimeDays?: number | null; leakPolicy?: string } = {};
    const was: Record<string, unknown> = {};
    const now: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== before.name) [data.name, was.name, now.name] = [input.name, before.name, input.name];
    if (input.require_two_factor !== undefined && input.require_two_factor !== before.requireTwoFactor) {
      [data.requireTwoFactor, was.require_two_factor, now.require_two_factor] = [input.require_two_factor, before.requireTwoFactor, input.require_two_factor];
    }
    if (input.max_key_lifetime_days !== undefined && input.max_key_lifetime_days !== before.maxKeyLifetimeDays) {
      [data.maxKeyLifetimeDays, was.max_key_lifetime_days, now.max_key_lifetime_days] = [input.max_key_lifetime_days, before.maxKeyLifetimeDays, input.max_key_lifetime_days];
    }
    const events: AuditEventInput[] = [];
    if (Object.keys(was).length > 0) events.push({ action: "account.policy_changed", metadata: { before: was, after: now } });
    const leakBefore = asLeakPolicy(before.leakPolicy);
    if (input.leak_policy !== undefined && input.leak_policy !== leakBefore) {
      data.leakPolicy = input.leak_policy;
      events.push({ action: "account.leak_policy_changed", metadata: { before: { policy: leakBefore }, after: { policy: input.leak_policy } } });
    }
    if (events.length === 0) return toView(before);
    const after = await tx.account.update({ where: { id: actor.accountId }, data });
    await recordAuditEvents(tx, actor, events);
    return toView(after);
  });
}

/**
 * The key lifetime cap, for a new key: with a cap, a key must expire, within it. The message names
 * the policy so the person (or integration) knows it is the account's rule, not a format error.
 */
export function assertKeyLifetimeAllowed(maxDays: number | null, expiresInDays: number | null | undefined): void {
  if (maxDays === null) return;
  if (expiresInDays !== null && expiresInDays !== undefined && expiresInDays <= maxDays) return;
  const asked = expiresInDays === null || expiresInDays === undefined ? "a key that never expires" : `${expiresInDays} days`;
  throw new ApiError(
    "invalid_request",
    `This account's policy (max_key_lifetime_days) allows keys of at most ${maxDays} days, so ${asked} cannot be created: set expires_in_days to ${maxDays} or fewer.`,
    { details: { fields: ["expires_in_days"], policy: "max_key_lifetime_days", max_key_lifetime_days: maxDays } },
  );
}
