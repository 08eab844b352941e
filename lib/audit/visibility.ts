// Whose sign-in and security events (auth.*) a reader may see. A user's own security events are
// recorded in their personal account, which may also be a team's: its owners see them (as the
// account's security log), every other member sees only their own, and an API key sees them only
// when it was made by someone who is an owner now (a SIEM key made by an owner), never one made by
// a member, who could otherwise read an owner's sign-ins through a key of their own.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { can, isRole, type Role } from "@/lib/permissions/table";

export type AuditReader = { kind: "session"; userId: string; role: Role } | { kind: "api_key"; keyId: string; accountId: string };

const SECURITY: Prisma.AuditEventWhereInput = { action: { startsWith: "auth." } };

/** Owners hold policies:manage: the same people who answer for the account's security. */
const seesEverySecurityEvent = (role: Role) => can(role, "policies:manage");

export async function auditVisibility(reader: AuditReader): Promise<Prisma.AuditEventWhereInput> {
  if (reader.kind === "session") {
    if (seesEverySecurityEvent(reader.role)) return {};
    return { NOT: { AND: [SECURITY, { OR: [{ actorUserId: null }, { actorUserId: { not: reader.userId } }] }] } };
  }
  const key = await db().apiKey.findUnique({ where: { id: reader.keyId }, select: { createdById: true } });
  const creator = key?.createdById
    ? await db().membership.findUnique({ where: { accountId_userId: { accountId: reader.accountId, userId: key.createdById } }, select: { role: true } })
    : null;
  if (creator && isRole(creator.role) && seesEverySecurityEvent(creator.role)) return {};
  return { NOT: SECURITY };
}
