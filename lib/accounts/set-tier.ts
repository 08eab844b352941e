// The one way an account's tier moves: the operator's script today, a billing hook tomorrow. The
// move and its AccountChange row commit together, so no instance can miss it (they read those rows
// every second); then it is announced for the instances to apply at once.
import { db } from "@/lib/db";
import { announceAccountChange, recordAccountChange } from "./changes";
import type { Tier } from "./tiers";

/** Moves the account of the user with this email to a tier; every instance's cached keys follow within a second. */
export async function setAccountTier(email: string, tier: Tier): Promise<boolean> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) return false;
  await db().$transaction(async (tx) => {
    await tx.account.update({ where: { id: user.accountId }, data: { tier } });
    await recordAccountChange(tx, user.accountId, "tier");
  });
  await announceAccountChange(user.accountId);
  return true;
}
