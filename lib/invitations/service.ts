// Invitations to join an account: made by owners and admins, accepted once, by the user with the
// invited e-mail, within INVITATION_DAYS. Every query names the caller's account, except accepting,
// which is found by the link's token hash and then checked against the signed-in user.
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { mailConfigured, sendMail } from "@/lib/mail/transport";
import { lockForCaller, toMemberView } from "@/lib/members/service";
import type { MemberView } from "@/lib/members/schemas";
import { publicBaseUrl } from "@/lib/notifications/links";
import { assertPermission } from "@/lib/permissions/check";
import { can, isRole, ROLE_LABELS, type Role } from "@/lib/permissions/table";
import { INVITATION_DAYS, type CreateInvitationRequest, type InvitationView } from "./schemas";
import { invitationStatus, maskEmail } from "./status";
import { hashInvitationToken, looksLikeInvitationToken, newInvitationToken } from "./token";

/** Pending invitations an account may have at once: enough for a team, not for a mail cannon. */
export const MAX_PENDING_INVITATIONS = 50;
const DAY_MS = 86_400_000;

type Caller = { userId: string; accountId: string; role: Role };

const INVITATION_SELECT = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedById: true,
} as const;
type InvitationRow = { id: string; email: string; role: string; createdAt: Date; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null; invitedById: string | null };

async function inviters(ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const users = wanted.length === 0 ? [] : await db().user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true, name: true } });
  return new Map(users.map((user) => [user.id, user]));
}

function toView(row: InvitationRow, people: Map<string, { id: string; email: string; name: string | null }>, now = new Date()): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    status: invitationStatus(row, now),
    invited_by: (row.invitedById && people.get(row.invitedById)) || null,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    accepted_at: row.acceptedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listInvitations(caller: Caller): Promise<InvitationView[]> {
  const rows = await db().invitation.findMany({
    where: { accountId: caller.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: INVITATION_SELECT,
  });
  const people = await inviters(rows.map((row) => row.invitedById));
  return rows.map((row) => toView(row, people));
}


export type CreatedInvitation = { invitation: InvitationView; emailed: boolean; url?: string };

/**
 * Makes an invitation and sends its link by e-mail when SMTP is configured; otherwise (or when the
 * mail server refuses) the link is returned, to be shown once. Inviting an owner needs owners:manage.
 */
export async function createInvitation(stale: Caller, actor: AuditActor, input: CreateInvitationRequest): Promise<CreatedInvitation> {
  if (input.role === "owner") assertPermission(stale, "owners:manage");
  const token = newInvitationToken();
  const now = new Date();
  const { row, accountName } = await db().$transaction(async (tx) => {
    const caller = await lockForCaller(tx, stale);
    assertPermission(caller, "members:manage");
    if (input.role === "owner") assertPermission(caller, "owners:manage");
    const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { name: true } });
    const member = await tx.membership.findFirst({ where: { accountId: caller.accountId, user: { email: input.email } }, select: { id: true } });
    if (member) throw new ApiError("conflict", `${input.email} is already a member of this account.`);
    const pending = await tx.invitation.findMany({
      where: { accountId: caller.accountId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { email: true },
    });
    if (pending.some((invitation) => invitation.email === input.email)) {
      throw new ApiError("conflict", `${input.email} already has a pending invitation. Revoke it first to send a new one.`);
    }
    if (pending.length >= MAX_PENDING_INVITATIONS) {
      throw new ApiError("conflict", `This account has ${pending.length} pending invitations, the most it may have. Revoke some first.`);
    }
    const created = await tx.invitation.create({
      data: {
        accountId: caller.accountId,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedById: caller.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      },
      select: INVITATION_SELECT,
    });
    await recordAuditEvent(tx, actor, {
      action: "member.invited",
      metadata: { invitation_id: created.id, email: input.email, role: input.role, expires_at: created.expiresAt.toISOString() },
    });
    return { row: created, accountName: account.name || "an account" };
  });
  const invitation = toView(row, await inviters([row.invitedById]));
  const url = `${publicBaseUrl()}/invite/${token}`;
  if (!mailConfigured()) return { invitation, emailed: false, url };
  try {
    await sendMail({ to: input.email, ...invitationEmail(accountName, actor.email, input.role, url, row.expiresAt) });
    return { invitation, emailed: true };
  } catch (error) {
    // The invitation stands; its link is handed to the inviter instead of being lost.
    console.error(`[invitations] e-mail to the invitee failed: ${error instanceof Error ? error.message : String(error)}`);
    return { invitation, emailed: false, url };
  }
}

function invitationEmail(accountName: string, inviter: string | null, role: Role, url: string, expiresAt: Date) {
  const name = accountName.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 120);
  return {
    subject: `[SOC Platform] You are invited to join ${name}`,
    text: [
      `${inviter ?? "An owner"} invited you to join “${name}” on the SOC Platform as ${ROLE_LABELS[role].toLowerCase()}.`,
      "",
      `Accept: ${url}`,
      "",
      `The link works once, until ${expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC, and only for this e-mail address.`,
      "If you did not expect it, ignore this e-mail.",
    ].join("\n") + "\n",
  };
}

export async function revokeInvitation(stale: Caller, actor: AuditActor, id: string): Promise<InvitationView> {
  const row = await db().$transaction(async (tx) => {
    const caller = await lockForCaller(tx, stale);
    assertPermission(caller, "members:manage");
    const found = await tx.invitation.findFirst({ where: { id, accountId: caller.accountId }, select: INVITATION_SELECT });
    if (!found) throw new ApiError("not_found", "No such invitation.");
    // Only owners invite owners, so only owners call such an invitation back.
    if (found.role === "owner") assertPermission(caller, "owners:manage");
    const status = invitationStatus(found);
    if (status !== "pending") throw new ApiError("conflict", `This invitation is ${status === "accepted" ? "already accepted" : status}; only a pending one can be revoked.`);
    const revoked = await tx.invitation.update({ where: { id: found.id }, data: { revokedAt: new Date() }, select: INVITATION_SELECT });
    await recordAuditEvent(tx, actor, { action: "invitation.revoked", metadata: { invitation_id: found.id, email: found.email, role: found.role } });
    return revoked;
  });
  return toView(row, await inviters([row.invitedById]));
}

function refusal(status: "accepted" | "expired" | "revoked"): ApiError {
  const reason = { accepted: "was already used", expired: "has expired", revoked: "was revoked" }[status];
  return new ApiError("conflict", `This invitation ${reason}. Ask an owner or admin of the account for a new one.`);
}

type Joiner = { userId: string; sessionId: string; email: string; ip: string | null; userAgent: string | null };

/**
 * Accepts an invitation for the signed-in user: once (a conditional update, after the account row
 * is locked, so of N simultaneous accepts exactly one joins), only before it expires or is revoked,
 * only for the invited e-mail. The session then acts on the joined account.
 */
export async function acceptInvitation(user: Joiner, token: string): Promise<{ member: MemberView; account: { id: string; name: string } }> {
  const notFound = new ApiError("not_found", "No such invitation. Check that the whole link was copied.");
  if (!looksLikeInvitationToken(token)) throw notFound;
  const tokenHash = hashInvitationToken(token);
  const found = await db().invitation.findUnique({ where: { tokenHash }, select: { ...INVITATION_SELECT, accountId: true } });
  if (!found) throw notFound;
  const early = invitationStatus(found);
  if (early !== "pending") throw refusal(early);
  if (found.email !== user.email) {
    throw new ApiError("forbidden", `This invitation is for ${maskEmail(found.email)}: sign in as that user to accept it.`, { details: { reason: "email_mismatch" } });
  }
  return db().$transaction(async (tx) => {
    const account = await tx.account.update({ where: { id: found.accountId }, data: { updatedAt: new Date() }, select: { id: true, name: true } });
    const existing = await tx.membership.findUnique({ where: { accountId_userId: { accountId: found.accountId, userId: user.userId } }, select: { id: true } });
    if (existing) throw new ApiError("conflict", "You are already a member of this account.");
    // The invitation stands only while whoever sent it may still send it (their removal or demotion
    // revokes it too; this covers anything that slipped between).
    const inviter = found.invitedById
      ? await tx.membership.findUnique({ where: { accountId_userId: { accountId: found.accountId, userId: found.invitedById } }, select: { role: true } })
      : null;
    const inviterRole = inviter && isRole(inviter.role) ? inviter.role : null;
    if (!inviterRole || !can(inviterRole, "members:manage") || (found.role === "owner" && !can(inviterRole, "owners:manage"))) throw refusal("revoked");
    const now = new Date();
    const { count } = await tx.invitation.updateMany({
      where: { id: found.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: user.userId },
    });
    if (count === 0) {
      const again = await tx.invitation.findUniqueOrThrow({ where: { id: found.id }, select: INVITATION_SELECT });
      const status = invitationStatus(again, now);
      throw refusal(status === "pending" ? "accepted" : status);
    }
    const membership = await tx.membership.create({
      data: { accountId: found.accountId, userId: user.userId, role: found.role },
      select: { id: true, role: true, createdAt: true, userId: true, user: { select: { id: true, email: true, name: true, totpEnabledAt: true, _count: { select: { passkeys: true } } } } },
    });
    const actor: AuditActor = { userId: user.userId, email: user.email, accountId: found.accountId, ip: user.ip, userAgent: user.userAgent };
    await recordAuditEvent(tx, actor, {
      action: "member.joined",
      metadata: { member: { user_id: user.userId, email: user.email }, role: found.role, invitation_id: found.id, invited_by: found.invitedById },
    });
    await tx.session.updateMany({ where: { id: user.sessionId, userId: user.userId, endedAt: null }, data: { accountId: found.accountId } });
    return { member: toMemberView(membership, user.userId), account: { id: account.id, name: account.name || "Unnamed account" } };
  });
}
