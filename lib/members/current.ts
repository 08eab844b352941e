// The membership a session acts with: read on every cookie request (one indexed lookup), so a
// role change or a removal holds from the very next request on every instance.
import { db } from "@/lib/db";
import { isRole, type Role } from "@/lib/permissions/table";

type CurrentMembership = { accountId: string; accountName: string; tier: string; role: Role; mustEnrolTwoFactor: boolean };

export async function currentMembership(user: { id: string; totpEnabledAt: Date | null }, accountId: string): Promise<CurrentMembership | null> {
  const membership = await db().membership.findUnique({
    where: { accountId_userId: { accountId, userId: user.id } },
    select: { role: true, account: { select: { id: true, name: true, tier: true, requireTwoFactor: true } } },
  });
  if (!membership || !isRole(membership.role)) return null;
  const { account } = membership;
  const mustEnrolTwoFactor = account.requireTwoFactor && user.totpEnabledAt === null && (await db().passkey.count({ where: { userId: user.id } })) === 0;
  return { accountId: account.id, accountName: account.name, tier: account.tier, role: membership.role, mustEnrolTwoFactor };
}
