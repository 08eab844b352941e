// What a passkey looks like from outside: never its public key or credential id, which are for
// verifying and nothing else. Everything goes through the response schema.
import { db } from "@/lib/db";
import { passkeySchema, type PasskeyView } from "./schemas";

type PasskeyRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean; deviceType: string };

export function toPasskeyView(passkey: PasskeyRow): PasskeyView {
  return passkeySchema.parse({
    id: passkey.id,
    name: passkey.name,
    created_at: passkey.createdAt.toISOString(),
    last_used_at: passkey.lastUsedAt ? passkey.lastUsedAt.toISOString() : null,
    backed_up: passkey.backedUp,
    device_type: passkey.deviceType === "multiDevice" ? "multiDevice" : "singleDevice",
  });
}

const VIEW_COLUMNS = { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true, deviceType: true } as const;

/** The user's passkeys, oldest first, for the API and the account page. */
export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  const rows = await db().passkey.findMany({ where: { userId }, select: VIEW_COLUMNS, orderBy: { createdAt: "asc" } });
  return rows.map(toPasskeyView);
}
