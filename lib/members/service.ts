// The members of an account: listing, changing a role, removing (or leaving). Every query names
// the caller's account; every change starts by locking the account row, so two owners demoting
// each other at once run one after the other and the second sees the first (one owner always remains).
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { notify } from "@/lib/notifications/outbox";
import { assertPermission } from "@/lib/permissions/check";
import { can, isRole, type Role } from "@/lib/permissions/table";
import type { MemberView } from "./schemas";

type Caller = { userId: string; accountId: string; role: Role };

const MEMBER_SELECT = {
  id: true,
  role: true,
  createdAt: true,
  userId: true,
  user: { select: { id: true, email: true, name: true, totpEnabledAt: true, _count: { select: { passkeys: true } } } },
} as const;

type MemberRow = {
  id: string;
  role: string;
  createdAt: Date;
  userId: string;
  user: { id: string; email: string; name: string | null; totpEnabledAt: Date | null; _count: { passkeys: number } };
};

export function toMemberView(row: MemberRow, viewerId: string): MemberView {
  return {
    id: row.id,
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
    role: row.role as Role,
    joined_at: row.createdAt.toISOString(),
    two_factor: row.user.totpEnabledAt !== null || row.user._count.passkeys > 0,
    you: row.userId === viewerId,
  };
}

export async function listMembers(caller: Caller): Promise<MemberView[]> {
  const rows = await db().membership.findMany({
    where: { accountId: caller.accountId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: MEMBER_SELECT,
  });
  return rows.map((row) => toMemberView(row, caller.userId));
}

/**
 * Locks the account row, then reads the caller's role again: the route checked it before the lock,
 * and an owner may have demoted or removed the caller since. Every check after this uses the
 * returned role, so a change already queued behind the lock cannot ride on a role that is gone.
 */
export async function lockForCaller(tx: Tx, caller: Caller): Promise<Caller> {
  await tx.account.update({ where: { id: caller.accountId }, data: { updatedAt: new Date() } });
  const row = await tx.membership.findUnique({ where: { accountId_userId: { accountId: caller.accountId, userId: caller.userId } }, select: { role: true } });
  if (!row || !isRole(row.role)) throw new ApiError("unauthorized", "You are no longer a member of this account. Switch to another account to continue.");
  return { ...caller, role: row.role };
}

/** Invitations the person sent that nobody has used yet: they go with the authority to send them. */
async function revokeInvitationsSentBy(tx: Tx, accountId: string, userId: string, now: Date): Promise<number> {
  const { count } = await tx.invitation.updateMany({
    where: { accountId, invitedById: userId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count;
}

async function findMember(tx: Tx, accountId: string, id: string): Promise<MemberRow> {
  const row = await tx.membership.findFirst({ where: { id, accountId }, select: MEMBER_SELECT });
  if (!row) throw new ApiError("not_found", "No such member.");
  return row;
}

async function assertAnotherOwner(tx: Tx, accountId: string, what: string): Promise<void> {
  const owners = await tx.membership.count({ where: { accountId, role: "owner" } });
  if (owners <= 1) throw new ApiError("conflict", `An account needs at least one owner: make another member an owner before you ${what}.`);
}

const memberFacts = (row: MemberRow) => ({ user_id: row.user.id, email: row.user.email });

/** Owners are changed only by owners; everything else by members:manage (checked by the route). */
export async function changeRole(stale: Caller, actor: AuditActor, id: string, role: Role): Promise<MemberView> {
  return db().$transaction(async (tx) => {
    const caller = await lockForCaller(tx, stale);
    assertPermission(caller, "members:manage");
    const target = await findMember(tx, caller.accountId, id);
    if (target.role === "owner" || role === "owner") assertPermission(caller, "owners:manage");
    if (target.role === role) return toMemberView(target, caller.userId);
    if (target.role === "owner") await assertAnotherOwner(tx, caller.accountId, "demote this one");
    const updated = await tx.membership.update({ where: { id: target.id }, data: { role }, select: MEMBER_SELECT });
    // Stepping down from inviting: the invitations they sent stop working.
    const revoked = can(role, "members:manage") ? 0 : await revokeInvitationsSentBy(tx, caller.accountId, target.userId, new Date());
    await recordAuditEvent(tx, actor, {
      action: "member.role_changed",
      metadata: { member: memberFacts(target), before: target.role, after: role, ...(revoked > 0 ? { invitations_revoked: revoked } : {}) },
    });
    return toMemberView(updated, caller.userId);
  });
}

/**
 * Removes a member, or the caller leaves. Their sessions lose this account from the next request
 * (every cookie request reads the membership); the keys they created keep working, since the
 * account owns them, and when any still work every owner is told.
 */
export async function removeMember(stale: Caller, actor: AuditActor, id: string): Promise<MemberView> {
  return db().$transaction(async (tx) => {
    const caller = await lockForCaller(tx, stale);
    const target = await findMember(tx, caller.accountId, id);
    const leaving = target.userId === caller.userId;
    if (!leaving) assertPermission(caller, target.role === "owner" ? "owners:manage" : "members:manage");
    if (target.role === "owner") await assertAnotherOwner(tx, caller.accountId, leaving ? "leave" : "remove this one");
    await tx.membership.delete({ where: { id: target.id } });
    const now = new Date();
    const invitationsRevoked = await revokeInvitationsSentBy(tx, caller.accountId, target.userId, now);
    const activeKeys = await tx.apiKey.count({
      where: {
        accountId: caller.accountId,
        createdById: target.userId,
        AND: [{ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] }, { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
      },
    });
    await recordAuditEvent(tx, actor, {
      action: "member.removed",
      metadata: {
        member: memberFacts(target),
        role: target.role,
        left_by_themselves: leaving,
        active_keys: activeKeys,
        ...(invitationsRevoked > 0 ? { invitations_revoked: invitationsRevoked } : {}),
      },
    });
    if (activeKeys > 0) {
      await notify(tx, caller.accountId, [
        { type: "member.left_with_keys", data: { member: { id: target.user.id, email: target.user.email, name: target.user.name }, active_keys: activeKeys } },
      ]);
    }
    return toMemberView(target, caller.userId);
  });
}
