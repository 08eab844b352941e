// Who may do what in an account: the one table every session route consults (through the route
// wrapper or, for a key, lib/permissions/keys.ts). Pure and client-safe, so the pages hide what a
// role cannot do with the same table the server enforces.

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "keys:read",
  "keys:create",
  "keys:manage_own",
  "keys:manage",
  "audit:read",
  "usage:read",
  "notifications:read",
  "members:read",
  "webhooks:read",
  "webhooks:manage",
  "members:manage",
  "owners:manage",
  "policies:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ["owner", "admin", "member"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const OWNERS: readonly Role[] = ["owner"];

/** Permission → the roles that hold it. */
export const PERMISSION_TABLE: Readonly<Record<Permission, readonly Role[]>> = {
  "keys:read": EVERYONE,
  "keys:create": WRITERS,
  // Rename, narrow, rotate and revoke the keys one created oneself.
  "keys:manage_own": WRITERS,
  // The same on every key of the account.
  "keys:manage": ADMINS,
  "audit:read": EVERYONE,
  "usage:read": EVERYONE,
  "notifications:read": EVERYONE,
  "members:read": EVERYONE,
  "webhooks:read": ADMINS,
  "webhooks:manage": ADMINS,
  // Invite, change roles and remove members other than owners.
  "members:manage": ADMINS,
  // Invite, promote, demote and remove owners.
  "owners:manage": OWNERS,
  // Require two-factor, cap key lifetimes, the leak policy, the account's name.
  "policies:manage": OWNERS,
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSION_TABLE[permission].includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: "Everything, including policies and other owners.",
  admin: "Every key, webhooks, and members other than owners.",
  member: "Creates keys, and rotates and revokes the keys they created.",
  viewer: "Reads the keys and the audit log; changes nothing.",
};
