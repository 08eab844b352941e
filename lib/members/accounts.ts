// Which accounts a user belongs to, and which one their session acts on (the header's switcher).
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { isRole } from "@/lib/permissions/table";
import type { AccountChoice } from "./schemas";

/** The user's accounts, oldest membership first; `current` marks the session's. */
export async function listAccountsOf(userId: string, currentAccountId: string | null): Promise<AccountChoice[]> {
  const memberships = await db().membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, account: { select: { id: true, name: true } } },
  });
  return memberships
    .filter((membership) => isRole(membership.role))
    .map(({ role, account }) => ({ id: account.id, name: account.name || "Unnamed account", role: role as AccountChoice["role"], current: account.id === currentAccountId }));
}

/** Points the session at another of the user's accounts. Not a member: 404, as for any unknown id. */
export async function switchAccount(user: { userId: string; sessionId: string }, accountId: string): Promise<AccountChoice> {
  const membership = await db().membership.findUnique({
    where: { accountId_userId: { accountId, userId: user.userId } },
    select: { role: true, account: { select: { id: true, name: true } } },
  });
  if (!membership || !isRole(membership.role)) throw new ApiError("not_found", "No such account among yours.");
  const { count } = await db().session.updateMany({ where: { id: user.sessionId, userId: user.userId, endedAt: null }, data: { accountId } });
  if (count === 0) throw new ApiError("unauthorized", "Sign in to continue.");
  return { id: membership.account.id, name: membership.account.name || "Unnamed account", role: membership.role, current: true };
}
