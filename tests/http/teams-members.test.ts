// Members of an account: removal ends their access to it at once (but not to their other
// accounts), the keys they made stay the account's and keep working, at least one owner always
// remains (also when two owners demote each other at the same moment), admins cannot touch
// owners, members manage only their own keys, and a role change holds from the next request.
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope } from "../support/client";
import { createKey, withKey } from "../support/keys";
import {
  acceptOk,
  accounts,
  addMember,
  body,
  createOwner,
  expectError,
  expectForbidden,
  invite,
  members,
  membershipOf,
  removeMember,
  setRole,
  switchAccount,
  type TeamUser,
} from "../support/teams";

const baseUrl = inject("baseUrl");

type KeyWithCreator = { id: string; name: string; created_by: { id: string; email: string; name: string | null; member: boolean } | null };

async function keys(cookie: string, query = ""): Promise<KeyWithCreator[]> {
  const response = await api(baseUrl, `/api/v1/keys?status=all${query}`, { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ data: KeyWithCreator[] }>(response)).data;
}

async function ownerWithId(label = "owner"): Promise<TeamUser> {
  const owner = await createOwner(baseUrl, label);
  owner.membershipId = (await membershipOf(baseUrl, owner.cookie, owner.user.email)).id;
  return owner;
}

describe("removing a member", () => {
  it("their cookie gets 401 for that account at once, their other accounts still work, and their key keeps working under 'people who left'", async () => {
    const owner = await ownerWithId("team-owner");
    const leaver = await addMember(baseUrl, owner, "member", "leaver");
    const { data: key } = await createKey(baseUrl, leaver.cookie, { name: "splunk-forwarder" });
    expect((await keys(owner.cookie)).find((k) => k.id === key.id)?.created_by).toEqual({
      id: leaver.user.id, email: leaver.user.email, name: leaver.user.name, member: true,
    });

    // A copy of the cookie, as another tab or a stolen copy would hold it.
    const copy = leaver.cookie;
    expect((await api(baseUrl, "/api/v1/keys", { cookie: copy })).status).toBe(200);

    const removed = await removeMember(baseUrl, owner.cookie, leaver.membershipId!);
    expect(removed.status, await removed.clone().text()).toBe(200);

    // The very next request: 401 on every account route, for both copies.
    for (const cookie of [leaver.cookie, copy]) {
      const error = await expectError(await api(baseUrl, "/api/v1/keys", { cookie }), 401, "unauthorized", "keys after removal");
      expect(error.message).toMatch(/no longer a member/i);
    }
    await expectError(await api(baseUrl, "/api/v1/audit-events", { cookie: copy }), 401, "unauthorized", "audit after removal");
    await expectError(await api(baseUrl, "/api/v1/keys", { json: { name: "after-removal" }, cookie: copy }), 401, "unauthorized", "create after removal");

    // User routes still work: the switcher lists only what is left, and switching restores access.
    const listed = await accounts(baseUrl, copy);
    expect(listed.map((account) => account.id)).toEqual([leaver.user.accountId]);
    expect(listed.some((account) => account.id === owner.accountId)).toBe(false);
    await expectError(await switchAccount(baseUrl, copy, owner.accountId), 404, "not_found", "switch back into the team");
    const switched = await switchAccount(baseUrl, copy, leaver.user.accountId);
    expect(switched.status, await switched.clone().text()).toBe(200);
    expect((await body<{ data: { id: string; role: string; current: boolean } }>(switched)).data).toMatchObject({
      id: leaver.user.accountId, role: "owner", current: true,
    });
    expect((await api(baseUrl, "/api/v1/keys", { cookie: copy })).status).toBe(200);
    // Their personal account does not show the team's key.
    expect((await keys(copy)).some((k) => k.id === key.id)).toBe(false);

    // The key belongs to the account: it keeps working, and is listed under those who left.
    expect((await withKey(baseUrl, "/api/v1/me", key.key)).status).toBe(200);
    const left = await keys(owner.cookie, "&created_by=left");
    expect(left.map((k) => k.id)).toEqual([key.id]);
    expect(left[0]!.created_by).toEqual({ id: leaver.user.id, email: leaver.user.email, name: leaver.user.name, member: false });
    expect((await keys(owner.cookie, `&created_by=${leaver.user.id}`)).map((k) => k.id)).toEqual([key.id]);
    expect((await keys(owner.cookie, `&created_by=${owner.user.id}`)).some((k) => k.id === key.id)).toBe(false);

    // And the owner can still revoke it in one step.
    expect((await api(baseUrl, `/api/v1/keys/${key.id}`, { method: "DELETE", cookie: owner.cookie })).status).toBe(200);
    expect((await withKey(baseUrl, "/api/v1/me", key.key)).status).toBe(401);
  });

  it("a member in two teams removed from one keeps the other", async () => {
    const first = await ownerWithId("first-team");
    const second = await ownerWithId("second-team");
    const person = await addMember(baseUrl, first, "member", "two-teams");
    const { token } = await invite(baseUrl, second.cookie, person.user.email, "viewer");
    await acceptOk(baseUrl, person.cookie, token);
    // Now acting on the second team; the first removes them.
    expect((await removeMember(baseUrl, first.cookie, person.membershipId!)).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/keys", { cookie: person.cookie })).status).toBe(200);
    expect((await accounts(baseUrl, person.cookie)).map((account) => account.id).sort()).toEqual([person.user.accountId, second.accountId].sort());
    await expectError(await switchAccount(baseUrl, person.cookie, first.accountId), 404, "not_found", "switch into the team that removed them");
  });

  it("anyone may leave an account themselves", async () => {
    const owner = await ownerWithId();
    const viewer = await addMember(baseUrl, owner, "viewer", "leaving-viewer");
    const left = await removeMember(baseUrl, viewer.cookie, viewer.membershipId!);
    expect(left.status, await left.clone().text()).toBe(200);
    await expectError(await api(baseUrl, "/api/v1/keys", { cookie: viewer.cookie }), 401, "unauthorized", "after leaving");
    expect((await members(baseUrl, owner.cookie)).some((member) => member.user.id === viewer.user.id)).toBe(false);
  });
});

describe("at least one owner", () => {
  it("the last owner can neither be demoted nor removed, by themselves or anyone (409)", async () => {
    const owner = await ownerWithId("lone-owner");
    for (const role of ["admin", "member", "viewer"] as const) {
      const error = await expectError(await setRole(baseUrl, owner.cookie, owner.membershipId!, role), 409, "conflict", `demote to ${role}`);
      expect(error.message).toMatch(/at least one owner/i);
    }
    await expectError(await removeMember(baseUrl, owner.cookie, owner.membershipId!), 409, "conflict", "remove the last owner");
    expect((await membershipOf(baseUrl, owner.cookie, owner.user.email)).role).toBe("owner");
    expect((await api(baseUrl, "/api/v1/keys", { cookie: owner.cookie })).status).toBe(200);
  });

  it("two owners demoting (or removing) each other at the same moment leave at least one owner", async () => {
    for (const action of ["demote", "remove", "demote", "remove"] as const) {
      const one = await ownerWithId(`race-${action}`);
      const two = await addMember(baseUrl, one, "owner", `race-${action}-2`);
      const act = (actor: TeamUser, target: string) =>
        action === "demote" ? setRole(baseUrl, actor.cookie, target, "admin") : removeMember(baseUrl, actor.cookie, target);
      const answers = await Promise.all([act(one, two.membershipId!), act(two, one.membershipId!)]);
      const statuses = answers.map((answer) => answer.status);
      // One wins; the other is refused: as the last owner (409), or because it is no longer an
      // owner (403 owners:manage) or no longer a member (401).
      expect(statuses.filter((status) => status === 200), `${action}: ${statuses.join(", ")}`).toHaveLength(1);
      for (const answer of answers) if (answer.status !== 200) expect([401, 403, 409]).toContain(answer.status);

      const survivor = answers[0]!.status === 200 ? one : two;
      const remaining = await members(baseUrl, survivor.cookie);
      expect(remaining.filter((member) => member.role === "owner").length, `${action}: owners left`).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("admins and owners", () => {
  it("an admin cannot change, remove or make an owner (403 owners:manage) but manages members", async () => {
    const owner = await ownerWithId();
    const admin = await addMember(baseUrl, owner, "admin", "admin");
    const member = await addMember(baseUrl, owner, "member", "managed");

    await expectForbidden(await setRole(baseUrl, admin.cookie, owner.membershipId!, "member"), "owners:manage", "admin", "demote owner");
    await expectForbidden(await removeMember(baseUrl, admin.cookie, owner.membershipId!), "owners:manage", "admin", "remove owner");
    await expectForbidden(await setRole(baseUrl, admin.cookie, member.membershipId!, "owner"), "owners:manage", "admin", "promote to owner");
    await expectForbidden(
      await api(baseUrl, "/api/v1/invitations", { json: { email: `new-owner-${Date.now()}@example.test`, role: "owner" }, cookie: admin.cookie }),
      "owners:manage",
      "admin",
      "invite an owner",
    );
    expect((await membershipOf(baseUrl, owner.cookie, owner.user.email)).role).toBe("owner");

    const changed = await setRole(baseUrl, admin.cookie, member.membershipId!, "viewer");
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await body<{ data: { role: string } }>(changed)).data.role).toBe("viewer");
    expect((await removeMember(baseUrl, admin.cookie, member.membershipId!)).status).toBe(200);

    // The owner can make the admin an owner, and then demote them again.
    expect((await setRole(baseUrl, owner.cookie, admin.membershipId!, "owner")).status).toBe(200);
    expect((await setRole(baseUrl, owner.cookie, admin.membershipId!, "admin")).status).toBe(200);
  });

  it("a member or viewer cannot change roles or remove others (403 members:manage)", async () => {
    const owner = await ownerWithId();
    const member = await addMember(baseUrl, owner, "member", "plain");
    const viewer = await addMember(baseUrl, owner, "viewer", "watcher");
    await expectForbidden(await setRole(baseUrl, member.cookie, viewer.membershipId!, "member"), "members:manage", "member");
    await expectForbidden(await removeMember(baseUrl, member.cookie, viewer.membershipId!), "members:manage", "member");
    await expectForbidden(await setRole(baseUrl, viewer.cookie, viewer.membershipId!, "admin"), "members:manage", "viewer", "promote oneself");
    await expectForbidden(await setRole(baseUrl, member.cookie, member.membershipId!, "owner"), "members:manage", "member", "make oneself owner");
  });
});

describe("keys and roles", () => {
  it("a member manages the keys they created, but not another's (403 forbidden keys:manage)", async () => {
    const owner = await ownerWithId();
    const member = await addMember(baseUrl, owner, "member", "key-maker");
    const { data: ownersKey } = await createKey(baseUrl, owner.cookie, { name: "owners-key" });
    const { data: mine } = await createKey(baseUrl, member.cookie, { name: "members-key" });
    const { data: mine2 } = await createKey(baseUrl, member.cookie, { name: "members-key-2" });

    expect((await api(baseUrl, `/api/v1/keys/${mine.id}`, { method: "PATCH", json: { name: "members-key-renamed" }, cookie: member.cookie })).status).toBe(200);
    expect((await api(baseUrl, `/api/v1/keys/${mine2.id}/rotate`, { json: {}, cookie: member.cookie })).status).toBe(201);
    const revoked = await api(baseUrl, `/api/v1/keys/${mine.id}`, { method: "DELETE", cookie: member.cookie });
    expect(revoked.status).toBe(200);
    expect((await body<{ data: { status: string } }>(revoked)).data.status).toBe("revoked");

    await expectForbidden(await api(baseUrl, `/api/v1/keys/${ownersKey.id}`, { method: "DELETE", cookie: member.cookie }), "keys:manage", "member", "revoke another's key");
    await expectForbidden(await api(baseUrl, `/api/v1/keys/${ownersKey.id}/rotate`, { json: {}, cookie: member.cookie }), "keys:manage", "member", "rotate another's key");
    await expectForbidden(
      await api(baseUrl, `/api/v1/keys/${ownersKey.id}`, { method: "PATCH", json: { name: "hijacked" }, cookie: member.cookie }),
      "keys:manage",
      "member",
      "rename another's key",
    );
    expect((await withKey(baseUrl, "/api/v1/me", ownersKey.key)).status).toBe(200);
    // They still see it (keys:read).
    expect((await api(baseUrl, `/api/v1/keys/${ownersKey.id}`, { cookie: member.cookie })).status).toBe(200);
  });

  it("a role change takes effect on the next request", async () => {
    const owner = await ownerWithId();
    const person = await addMember(baseUrl, owner, "member", "changing");
    expect((await api(baseUrl, "/api/v1/keys", { json: { name: "as-member" }, cookie: person.cookie })).status).toBe(201);
    await expectForbidden(await api(baseUrl, "/api/v1/webhooks", { cookie: person.cookie }), "webhooks:read", "member");

    expect((await setRole(baseUrl, owner.cookie, person.membershipId!, "viewer")).status).toBe(200);
    await expectForbidden(await api(baseUrl, "/api/v1/keys", { json: { name: "as-viewer" }, cookie: person.cookie }), "keys:create", "viewer");
    const listed = await accounts(baseUrl, person.cookie);
    expect(listed.find((account) => account.id === owner.accountId)).toMatchObject({ role: "viewer", current: true });

    expect((await setRole(baseUrl, owner.cookie, person.membershipId!, "admin")).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/webhooks", { cookie: person.cookie })).status).toBe(200);
    expect((await api(baseUrl, "/api/v1/invitations", { cookie: person.cookie })).status).toBe(200);
    await expectForbidden(await api(baseUrl, "/api/v1/policies", { method: "PATCH", json: { name: "admins cannot" }, cookie: person.cookie }), "policies:manage", "admin");
  });

  it("the members list shows each member once, with the caller marked", async () => {
    const owner = await ownerWithId();
    const admin = await addMember(baseUrl, owner, "admin", "listed-admin");
    const list = await members(baseUrl, admin.cookie);
    expect(list.map((member) => [member.user.email, member.role, member.you]).sort()).toEqual(
      [
        [owner.user.email, "owner", false],
        [admin.user.email, "admin", true],
      ].sort(),
    );
    for (const member of list) expect(Object.keys(member).sort()).toEqual(["id", "joined_at", "role", "two_factor", "user", "you"]);
    // A member id of another account is a 404, as any other account's object.
    const other = await ownerWithId("elsewhere");
    const response = await setRole(baseUrl, owner.cookie, other.membershipId!, "viewer");
    expect(response.status).toBe(404);
    expect((await errorEnvelope(response)).code).toBe("not_found");
  });
});
