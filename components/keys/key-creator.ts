// Who made a key, and so who may change it: an admin or owner (keys:manage) any key, a member
// (keys:manage_own) the keys they created. The same rule the server applies (lib/permissions/check.ts);
// here it only decides which buttons to show.
import { apiFetch } from "@/lib/client/api";
import { expectShape, listKeys, type KeyListItem } from "@/lib/client/keys";
import { keyListResponseSchema, type KeyCreator } from "@/lib/keys/schemas";
import { can, type Role } from "@/lib/permissions/table";

/** The key's creator as the API reports it; null for keys made before creators were recorded. */
export function creatorOf(key: KeyListItem): KeyCreator {
  return key.created_by ?? null;
}

/** "Ada Lovelace", or the e-mail address without a name. */
export function creatorLabel(creator: NonNullable<KeyCreator>): string {
  return creator.name?.trim() ? creator.name : creator.email;
}

export type Caller = { role: Role; userId: string };

export function mayChangeKey(caller: Caller, key: KeyListItem): boolean {
  if (can(caller.role, "keys:manage")) return true;
  return creatorOf(key)?.id === caller.userId && can(caller.role, "keys:manage_own");
}

/** An active key whose creator is no longer a member: someone should take it over or revoke it. */
export function isOrphaned(key: KeyListItem): boolean {
  return key.status === "active" && creatorOf(key)?.member === false;
}

export const CREATOR_FILTERS = ["everyone", "me", "left"] as const;
export type CreatorFilterValue = (typeof CREATOR_FILTERS)[number];

/** Every key (all statuses) the creator filter admits, newest first: asked of the server, not filtered here. */
export async function listKeysBy(filter: CreatorFilterValue, userId: string): Promise<KeyListItem[]> {
  if (filter === "everyone") return listKeys();
  const createdBy = filter === "me" ? userId : "left";
  const payload = await apiFetch<unknown>(`/api/v1/keys?status=all&created_by=${encodeURIComponent(createdBy)}`);
  return expectShape(keyListResponseSchema, payload).data;
}
