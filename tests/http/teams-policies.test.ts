// Account policies (owners only): with two-factor required, a member without a second factor can
// do nothing in the account but enrol; with a maximum key lifetime, longer keys and keys that
// never expire are refused, naming the policy.
import { describe, expect, inject, it } from "vitest";
import { api } from "../support/client";
import { SoftAuthenticator } from "../support/soft-authenticator";
import {
  addMember,
  auditActions,
  body,
  createOwner,
  expectError,
  expectForbidden,
  members,
  switchAccount,
} from "../support/teams";
import { enrolTotp } from "../support/totp";

const baseUrl = inject("baseUrl");

type PolicyView = { account_id: string; name: string; tier: string; require_two_factor: boolean; max_key_lifetime_days: number | null; leak_policy: string };

function patchPolicies(cookie: string, json: Record<string, unknown>): Promise<Response> {
  return api(baseUrl, "/api/v1/policies", { method: "PATCH", json, cookie });
}

async function policies(cookie: string): Promise<PolicyView> {
  const response = await api(baseUrl, "/api/v1/policies", { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ data: PolicyView }>(response)).data;
}

describe("GET and PATCH /api/v1/policies", () => {
  it("shows the account's policies to any member; only owners change them (403 policies:manage)", async () => {
    const owner = await createOwner(baseUrl, "policy-owner");
    const admin = await addMember(baseUrl, owner, "admin", "policy-admin");
    const member = await addMember(baseUrl, owner, "member", "policy-member");
    const viewer = await addMember(baseUrl, owner, "viewer", "policy-viewer");

    const view = await policies(viewer.cookie);
    expect(Object.keys(view).sort()).toEqual(["account_id", "leak_policy", "max_key_lifetime_days", "name", "require_two_factor", "tier"]);
    expect(view).toMatchObject({ account_id: owner.accountId, tier: "free", require_two_factor: false, max_key_lifetime_days: null, leak_policy: "revoke" });

    for (const caller of [admin, member, viewer]) {
      await expectForbidden(await patchPolicies(caller.cookie, { max_key_lifetime_days: 30 }), "policies:manage", caller.role, caller.role);
    }
    expect((await policies(owner.cookie)).max_key_lifetime_days).toBeNull();

    const changed = await patchPolicies(owner.cookie, { name: "Blue Team SOC", leak_policy: "notify" });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await body<{ data: PolicyView }>(changed)).data).toMatchObject({ name: "Blue Team SOC", leak_policy: "notify" });
    // The leak policy is the same setting the keys page shows.
    const leak = await api(baseUrl, "/api/v1/keys/leak-policy", { cookie: member.cookie });
    expect((await body<{ data: { policy: string } }>(leak)).data.policy).toBe("notify");
    expect((await auditActions(baseUrl, owner.cookie)).map((event) => event.action)).toContain("account.policy_changed");
  });

  it("refuses bad values (400)", async () => {
    const owner = await createOwner(baseUrl);
    for (const json of [{ max_key_lifetime_days: 0 }, { max_key_lifetime_days: 3651 }, { max_key_lifetime_days: 1.5 }, { leak_policy: "ignore" }, { require_two_factor: "yes" }, { tier: "pro" }]) {
      await expectError(await patchPolicies(owner.cookie, json), 400, "invalid_request", JSON.stringify(json));
    }
  });
});

describe("require two-factor", () => {
  it("the owner needs a second factor first (409); then a member without one can only enrol, and after enrolling gets in", async () => {
    const owner = await createOwner(baseUrl, "strict-owner");
    const member = await addMember(baseUrl, owner, "member", "no-2fa-member");

    await expectError(await patchPolicies(owner.cookie, { require_two_factor: true }), 409, "conflict", "owner without 2FA");
    expect((await policies(owner.cookie)).require_two_factor).toBe(false);

    await enrolTotp(baseUrl, owner.cookie);
    const on = await patchPolicies(owner.cookie, { require_two_factor: true });
    expect(on.status, await on.clone().text()).toBe(200);
    expect((await body<{ data: PolicyView }>(on)).data.require_two_factor).toBe(true);
    expect((await api(baseUrl, "/api/v1/keys", { cookie: owner.cookie })).status).toBe(200);

    // Every account route: 403 two_factor_required.
    for (const [method, path, json] of [
      ["GET", "/api/v1/keys", undefined],
      ["POST", "/api/v1/keys", { name: "before-enrolling" }],
      ["GET", "/api/v1/members", undefined],
      ["GET", "/api/v1/audit-events", undefined],
      ["GET", "/api/v1/policies", undefined],
      ["GET", "/api/v1/notifications", undefined],
    ] as const) {
      const response = await api(baseUrl, path, { method, cookie: member.cookie, ...(json ? { json } : {}) });
      const error = await expectError(response, 403, "two_factor_required", `${method} ${path}`);
      expect(error.message).toMatch(/two-factor/i);
    }
    // User routes still answer, so they can enrol (and switch away).
    expect((await api(baseUrl, "/api/v1/account", { cookie: member.cookie })).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/accounts", { cookie: member.cookie })).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/account/two-factor", { cookie: member.cookie })).status).toBe(200);

    await enrolTotp(baseUrl, member.cookie);
    expect((await api(baseUrl, "/api/v1/keys", { cookie: member.cookie })).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/keys", { json: { name: "after-enrolling" }, cookie: member.cookie })).status).toBe(201);
    expect((await members(baseUrl, owner.cookie)).every((m) => m.two_factor)).toBe(true);
  });

  it("holds for people who join later, only in that account; a passkey counts as a second factor", async () => {
    const owner = await createOwner(baseUrl, "strict-owner-2");
    await enrolTotp(baseUrl, owner.cookie);
    expect((await patchPolicies(owner.cookie, { require_two_factor: true })).status).toBe(200);

    const late = await addMember(baseUrl, owner, "viewer", "late-joiner");
    await expectError(await api(baseUrl, "/api/v1/keys", { cookie: late.cookie }), 403, "two_factor_required", "late joiner");
    // Their own account has no such policy.
    expect((await switchAccount(baseUrl, late.cookie, late.user.accountId)).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/keys", { cookie: late.cookie })).status).toBe(200);
    expect((await switchAccount(baseUrl, late.cookie, owner.accountId)).status).toBe(200);
    await expectError(await api(baseUrl, "/api/v1/keys", { cookie: late.cookie }), 403, "two_factor_required", "back in the team");

    const optionsResponse = await api(baseUrl, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie: late.cookie });
    expect(optionsResponse.status, await optionsResponse.clone().text()).toBe(200);
    const { data } = await body<{ data: { options: Parameters<SoftAuthenticator["register"]>[0] } }>(optionsResponse);
    const added = await api(baseUrl, "/api/v1/account/passkeys", {
      json: { name: "Security key", response: new SoftAuthenticator(baseUrl).register(data.options) },
      cookie: late.cookie,
    });
    expect(added.status, await added.clone().text()).toBe(201);
    expect((await api(baseUrl, "/api/v1/keys", { cookie: late.cookie })).status).toBe(200);
  });
});

describe("maximum key lifetime", () => {
  it("with 90 days: 365, null and no expiry are refused naming the policy; 90 and less are created", async () => {
    const owner = await createOwner(baseUrl, "lifetime-owner");
    const member = await addMember(baseUrl, owner, "member", "lifetime-member");
    const set = await patchPolicies(owner.cookie, { max_key_lifetime_days: 90 });
    expect(set.status, await set.clone().text()).toBe(200);
    expect((await body<{ data: PolicyView }>(set)).data.max_key_lifetime_days).toBe(90);

    const before = (await (await api(baseUrl, "/api/v1/keys?status=all", { cookie: owner.cookie })).json()) as { data: unknown[] };
    for (const caller of [owner, member]) {
      for (const [label, json] of [
        ["365", { name: "too-long", expires_in_days: 365 }],
        ["91", { name: "too-long", expires_in_days: 91 }],
        ["null", { name: "never-expires", expires_in_days: null }],
        ["absent", { name: "never-expires" }],
      ] as const) {
        const error = await expectError(await api(baseUrl, "/api/v1/keys", { json, cookie: caller.cookie }), 400, "invalid_request", `${caller.role} ${label}`);
        expect(error.details, label).toMatchObject({ fields: ["expires_in_days"], policy: "max_key_lifetime_days", max_key_lifetime_days: 90 });
        expect(error.message, label).toMatch(/polic/i);
        expect(error.message, label).toMatch(/90 days/);
      }
    }
    const after = (await (await api(baseUrl, "/api/v1/keys?status=all", { cookie: owner.cookie })).json()) as { data: unknown[] };
    expect(after.data.length).toBe(before.data.length);

    for (const days of [90, 1]) {
      const created = await api(baseUrl, "/api/v1/keys", { json: { name: `allowed-${days}`, expires_in_days: days }, cookie: member.cookie });
      expect(created.status, await created.clone().text()).toBe(201);
      const { data } = await body<{ data: { expires_at: string } }>(created);
      expect(Date.parse(data.expires_at) - Date.now()).toBeLessThanOrEqual(days * 86_400_000 + 60_000);
    }

    // Lifting the cap allows keys without an expiry again.
    expect((await patchPolicies(owner.cookie, { max_key_lifetime_days: null })).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/keys", { json: { name: "never-expires-now" }, cookie: member.cookie })).status).toBe(201);
  });
});
