import { db } from "@/lib/db";
import type { Tier } from "./tiers";

/** Moves the account of the user with this email to a tier. Keys follow at once: tier is read live. */
export async function setAccountTier(email: string, tier: Tier): Promise<boolean> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) return false;
  await db().account.update({ where: { id: user.accountId }, data: { tier } });
  return true;
}
