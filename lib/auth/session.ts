// Who is signed in, for server components and the session route wrapper.
import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { authOptions } from "./options";

export type SessionPrincipal = {
  kind: "session";
  userId: string;
  email: string;
  name: string | null;
  accountId: string;
  tier: Tier;
};

/** The signed-in user and their account, or null. A token for a deleted user counts as signed out. */
export async function currentPrincipal(): Promise<SessionPrincipal | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  if (typeof userId !== "string" || userId === "") return null;
  const user = await db().user.findUnique({ where: { id: userId }, include: { account: true } });
  if (!user) return null;
  return {
    kind: "session",
    userId: user.id,
    email: user.email,
    name: user.name,
    accountId: user.accountId,
    tier: asTier(user.account.tier),
  };
}
