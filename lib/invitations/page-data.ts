// What the invitation page (/invite/[token]) shows to whoever holds the link.
import { db } from "@/lib/db";
import type { Role } from "@/lib/permissions/table";
import { invitationStatus } from "./status";
import { hashInvitationToken, looksLikeInvitationToken } from "./token";

export type InvitationPageView = {
  status: "pending" | "accepted" | "expired" | "revoked" | "unknown";
  accountName: string;
  role: Role;
  email: string;
  invitedBy: string | null;
  expiresAt: Date;
};

export async function invitationForPage(token: string): Promise<InvitationPageView> {
  const unknown: InvitationPageView = { status: "unknown", accountName: "", role: "viewer", email: "", invitedBy: null, expiresAt: new Date(0) };
  if (!looksLikeInvitationToken(token)) return unknown;
  const row = await db().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, invitedById: true, account: { select: { name: true } } },
  });
  if (!row) return unknown;
  const inviter = row.invitedById ? await db().user.findUnique({ where: { id: row.invitedById }, select: { email: true, name: true } }) : null;
  return {
    status: invitationStatus(row),
    accountName: row.account.name || "Unnamed account",
    role: row.role as Role,
    email: row.email,
    invitedBy: inviter ? (inviter.name ?? inviter.email) : null,
    expiresAt: row.expiresAt,
  };
}
