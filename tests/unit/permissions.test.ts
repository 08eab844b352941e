// The permission table as the issue states it, cell by cell, and the per-key rule on top of it.
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { assertMayChangeKey, assertPermission } from "@/lib/permissions/check";
import { can, PERMISSIONS, ROLES, type Permission, type Role } from "@/lib/permissions/table";
import { assertKeyLifetimeAllowed } from "@/lib/policies/service";

const EXPECTED: Record<Role, Permission[]> = {
  owner: [...PERMISSIONS],
  admin: PERMISSIONS.filter((p) => p !== "owners:manage" && p !== "policies:manage"),
  member: ["keys:read", "keys:create", "keys:manage_own", "audit:read", "usage:read", "notifications:read", "members:read"],
  viewer: ["keys:read", "audit:read", "usage:read", "notifications:read", "members:read"],
};

describe("the permission table", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("a refusal is 403 forbidden naming the permission and the role", () => {
    try {
      assertPermission({ role: "viewer" }, "keys:create");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(403);
      expect((error as ApiError).code).toBe("forbidden");
      expect((error as ApiError).details).toEqual({ permission: "keys:create", role: "viewer" });
    }
  });
});

describe("changing one key", () => {
  const mine = { createdById: "me" };
  const theirs = { createdById: "someone-else" };
  const legacy = { createdById: null };
  const refusal = (role: Role, key: { createdById: string | null }) => {
    try {
      assertMayChangeKey({ role, userId: "me" }, key);
      return null;
    } catch (error) {
      return (error as ApiError).details as { permission: string };
    }
  };

  it("owners and admins change any key", () => {
    for (const role of ["owner", "admin"] as const) for (const key of [mine, theirs, legacy]) expect(refusal(role, key)).toBeNull();
  });
  it("a member changes the keys they created, and is told keys:manage for the others", () => {
    expect(refusal("member", mine)).toBeNull();
    expect(refusal("member", theirs)?.permission).toBe("keys:manage");
    expect(refusal("member", legacy)?.permission).toBe("keys:manage");
  });
  it("a viewer changes nothing, not even a key recorded as theirs", () => {
    expect(refusal("viewer", mine)?.permission).toBe("keys:manage_own");
    expect(refusal("viewer", theirs)?.permission).toBe("keys:manage_own");
  });
});

describe("the key lifetime policy", () => {
  it("without a cap anything goes, never expiring included", () => {
    for (const days of [null, undefined, 1, 3650]) expect(() => assertKeyLifetimeAllowed(null, days)).not.toThrow();
  });
  it("with a 90-day cap: up to 90 is allowed; 91, 365, null and absent are refused with the policy named", () => {
    for (const days of [1, 30, 90]) expect(() => assertKeyLifetimeAllowed(90, days)).not.toThrow();
    for (const days of [91, 365, null, undefined]) {
      try {
        assertKeyLifetimeAllowed(90, days);
        expect.unreachable();
      } catch (error) {
        expect((error as ApiError).status).toBe(400);
        expect((error as ApiError).message).toContain("max_key_lifetime_days");
        expect((error as ApiError).details).toMatchObject({ fields: ["expires_in_days"], policy: "max_key_lifetime_days", max_key_lifetime_days: 90 });
      }
    }
  });
});
