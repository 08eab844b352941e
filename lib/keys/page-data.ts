// Reads for the key page that the API has no route for: the keys a rotation links, so the page
// can lead from a key to the one it replaced and to the one that replaced it.
import { db } from "@/lib/db";

export type KeyLink = { id: string; name: string };

/** The key this one replaced in a rotation, and the key that replaced it; both of this account only. */
export async function rotationLinks(accountId: string, keyId: string, replacedById: string | null): Promise<{ replaces: KeyLink | null; replacedBy: KeyLink | null }> {
  const [replaces, replacedBy] = await Promise.all([
    db().apiKey.findFirst({ where: { accountId, replacedById: keyId }, select: { id: true, name: true } }),
    replacedById ? db().apiKey.findFirst({ where: { accountId, id: replacedById }, select: { id: true, name: true } }) : Promise.resolve(null),
  ]);
  return { replaces, replacedBy };
}
