// The server side of the permission table: 403 forbidden naming what is missing, for a role
// that may see the account but not do this.
import { ApiError } from "@/lib/http/errors";
import { can, type Permission, type Role } from "./table";

export function assertPermission(principal: { role: Role }, permission: Permission): void {
  if (can(principal.role, permission)) return;
  throw new ApiError("forbidden", `Your role (${principal.role}) cannot do this here: it needs ${permission}.`, {
    details: { permission, role: principal.role },
  });
}

/**
 * Changing one key (rename, allowlist, rotate, revoke): keys:manage for any key, keys:manage_own
 * for a key the caller created.
 */
export function assertMayChangeKey(principal: { role: Role; userId: string }, key: { createdById: string | null }): void {
  if (can(principal.role, "keys:manage")) return;
  if (key.createdById === principal.userId && can(principal.role, "keys:manage_own")) return;
  assertPermission(principal, can(principal.role, "keys:manage_own") ? "keys:manage" : "keys:manage_own");
}
