// What a security review of teams asked for, shown as attacks that now fail:
// - an owner's sign-in history (auth.* events of their personal account, which is also the team's)
//   is not readable by the team's viewers, nor through an audit:read key a member made;
// - invitations go with the authority that sent them: removing an admin revokes theirs;
// - only owners call back an invitation to become an owner;
// - an account's name cannot carry look-alike characters.
import { describe, expect, inject, it } from "vitest";
import { api, signUpAndSignIn, uniqueEmail } from "../support/client";
import { createKey, withKey } from "../support/keys";
import { accept, addMember, createOwner, expectError, expectForbidden, invite, removeMember } from "../support/teams";

const baseUrl = inject("baseUrl");

type Page = { data: { action: string; actor: { user_id: string | null } }[] };
const authEvents = async (response: Response) => ((await response.json()) as Page).data.filter((event) => event.action.startsWith("auth."));

describe("teams: what the review asked for", () => {
  it("an owner's sign-ins are theirs and other owners': not a viewer's, not a member's key's", async () => {
    const owner = await createOwner(baseUrl, "review-owner");
    const viewer = await addMember(baseUrl, owner, "viewer", "review-viewer");
    const member = await addMember(baseUrl, owner, "member", "review-member");

    const ownerSees = await authEvents(await api(baseUrl, "/api/v1/audit-events?type=auth", { cookie: owner.cookie }));
    expect(ownerSees.some((event) => event.action === "auth.signed_in" && event.actor.user_id === owner.user.id)).toBe(true);
    // The viewer reads the rest of the log (the invitations, the joins), but none of the owner's sign-ins.
    const viewerPage = await api(baseUrl, "/api/v1/audit-events", { cookie: viewer.cookie });
    expect(viewerPage.status).toBe(200);
    const viewerEvents = ((await viewerPage.json()) as Page).data;
    expect(viewerEvents.some((event) => event.action === "member.joined")).toBe(true);
    expect(viewerEvents.filter((event) => event.action.startsWith("auth."))).toEqual([]);

    // A member's own key with audit:read: no security events; an owner's key: all of them.
    const memberKey = await createKey(baseUrl, member.cookie, { name: "review-member-siem", scopes: ["audit:read"] });
    expect(await authEvents(await withKey(baseUrl, "/api/v1/audit-events?type=auth", memberKey.data.key))).toEqual([]);
    const ownerKey = await createKey(baseUrl, owner.cookie, { name: "review-owner-siem", scopes: ["audit:read"] });
    expect((await authEvents(await withKey(baseUrl, "/api/v1/audit-events?type=auth", ownerKey.data.key))).length).toBeGreaterThan(0);
  });

  it("removing an admin revokes the invitations they sent: the link they kept no longer joins anyone", async () => {
    const owner = await createOwner(baseUrl, "review-owner2");
    const admin = await addMember(baseUrl, owner, "admin", "review-admin");
    const accomplice = uniqueEmail("review-accomplice");
    const kept = await invite(baseUrl, admin.cookie, accomplice, "admin");
    expect((await removeMember(baseUrl, owner.cookie, admin.membershipId!)).status).toBe(200);

    const { cookie } = await signUpAndSignIn(baseUrl, { email: accomplice });
    const refused = await expectError(await accept(baseUrl, cookie, kept.token), 409, "conflict");
    expect(refused.message).toContain("was revoked");
    const listed = (await (await api(baseUrl, "/api/v1/invitations", { cookie: owner.cookie })).json()) as { data: { email: string; status: string }[] };
    expect(listed.data.find((invitation) => invitation.email === accomplice)?.status).toBe("revoked");
  });

  it("an admin cannot call back an owner's invitation to become an owner; an owner can", async () => {
    const owner = await createOwner(baseUrl, "review-owner3");
    const admin = await addMember(baseUrl, owner, "admin", "review-admin3");
    const future = await invite(baseUrl, owner.cookie, uniqueEmail("review-future-owner"), "owner");
    const path = `/api/v1/invitations/${future.invitation.id}`;
    await expectForbidden(await api(baseUrl, path, { method: "DELETE", cookie: admin.cookie }), "owners:manage", "admin");
    expect((await api(baseUrl, path, { method: "DELETE", cookie: owner.cookie })).status).toBe(200);
  });

  it("an account's name may not carry bidi overrides or zero-width characters", async () => {
    const owner = await createOwner(baseUrl, "review-owner4");
    for (const name of ["Acme \u202eCOS", "Acme\u200bSOC"]) {
      const refused = await expectError(await api(baseUrl, "/api/v1/policies", { method: "PATCH", json: { name }, cookie: owner.cookie }), 400, "invalid_request");
      expect(refused.message).toContain("name must not contain");
    }
    const policies = (await (await api(baseUrl, "/api/v1/policies", { cookie: owner.cookie })).json()) as { data: { name: string } };
    expect(policies.data.name).toBe(owner.user.email);
  });
});
