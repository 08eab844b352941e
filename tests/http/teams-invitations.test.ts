// Invitations: a single-use link for one e-mail address, valid for seven days, revocable, shown
// once (the shared server sends no e-mail), its token stored nowhere readable; every step of a
// membership is an audit event.
import { describe, expect, inject, it } from "vitest";
import { api, signIn, signUpAndSignIn, uniqueEmail } from "../support/client";
import {
  accept,
  acceptOk,
  auditActions,
  body,
  createOwner,
  dumpTables,
  expectError,
  INVITE_TOKEN,
  invitations,
  invite,
  members,
  removeMember,
  setInvitationExpiry,
  setRole,
  type InvitationView,
} from "../support/teams";

const baseUrl = inject("baseUrl");
const DAY_MS = 86_400_000;

const INVITATION_FIELDS = ["accepted_at", "created_at", "email", "expires_at", "id", "invited_by", "revoked_at", "role", "status"];

describe("creating an invitation", () => {
  it("answers 201 with the view and, without e-mail, the link once; it is pending for seven days", async () => {
    const owner = await createOwner(baseUrl, "inviter");
    const email = uniqueEmail("Invitee").toUpperCase();
    const response = await api(baseUrl, "/api/v1/invitations", { json: { email: `  ${email} `, role: "admin" }, cookie: owner.cookie });
    expect(response.status, await response.clone().text()).toBe(201);
    const { data, meta } = await body<{ data: InvitationView; meta: { emailed: boolean; url: string } }>(response);
    expect(Object.keys(data).sort()).toEqual(INVITATION_FIELDS);
    expect(data).toMatchObject({ email: email.toLowerCase(), role: "admin", status: "pending", accepted_at: null, revoked_at: null });
    expect(data.invited_by).toEqual({ id: owner.user.id, email: owner.user.email, name: owner.user.name });
    expect(Date.parse(data.expires_at) - Date.parse(data.created_at)).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(Date.parse(data.expires_at) - Date.parse(data.created_at)).toBeLessThan(7 * DAY_MS + 60_000);
    expect(meta.emailed).toBe(false);
    const link = new URL(meta.url);
    expect(link.origin).toBe(new URL(baseUrl).origin);
    expect(link.pathname).toMatch(/^\/invite\/inv_[A-Za-z0-9_-]{43}$/);
    expect(link.pathname.split("/").pop()).toMatch(INVITE_TOKEN);

    // The list never shows the link again.
    const listed = await invitations(baseUrl, owner.cookie);
    expect(listed.map((invitation) => invitation.id)).toEqual([data.id]);
    expect(JSON.stringify(listed)).not.toContain(link.pathname.split("/").pop());
  });

  it("refuses a second pending invitation for the same address, and one for a member (409)", async () => {
    const owner = await createOwner(baseUrl);
    const email = uniqueEmail("twice");
    await invite(baseUrl, owner.cookie, email, "member");
    await expectError(await api(baseUrl, "/api/v1/invitations", { json: { email, role: "viewer" }, cookie: owner.cookie }), 409, "conflict", "second pending");
    await expectError(await api(baseUrl, "/api/v1/invitations", { json: { email: owner.user.email, role: "viewer" }, cookie: owner.cookie }), 409, "conflict", "a member");
  });

  it("refuses bad input (400)", async () => {
    const owner = await createOwner(baseUrl);
    for (const json of [{ email: "not-an-address", role: "member" }, { email: uniqueEmail(), role: "superuser" }, { email: uniqueEmail() }, { role: "member" }]) {
      await expectError(await api(baseUrl, "/api/v1/invitations", { json, cookie: owner.cookie }), 400, "invalid_request", JSON.stringify(json));
    }
  });
});

describe("accepting", () => {
  it("joins with the invited role and switches the session to the team; the link is single use (409)", async () => {
    const owner = await createOwner(baseUrl, "team");
    const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail("joiner") });
    const { token, invitation } = await invite(baseUrl, owner.cookie, user.email, "viewer");
    const { member, account } = await acceptOk(baseUrl, cookie, token);
    expect(account.id).toBe(owner.accountId);
    expect(member).toMatchObject({ role: "viewer", you: true, user: { id: user.id, email: user.email } });

    // The session now acts on the team: its keys list, its role.
    const accounts = await api(baseUrl, "/api/v1/accounts", { cookie });
    const { data } = await body<{ data: { id: string; role: string; current: boolean }[] }>(accounts);
    expect(data.find((a) => a.current)).toMatchObject({ id: owner.accountId, role: "viewer" });
    expect(data.map((a) => a.id).sort()).toEqual([user.accountId, owner.accountId].sort());

    await expectError(await accept(baseUrl, cookie, token), 409, "conflict", "second accept");
    const after = (await invitations(baseUrl, owner.cookie)).find((i) => i.id === invitation.id)!;
    expect(after.status).toBe("accepted");
    expect(after.accepted_at).not.toBeNull();

    // Even after leaving, the used link does not let them back in.
    expect((await removeMember(baseUrl, owner.cookie, member.id)).status).toBe(200);
    const error = await expectError(await accept(baseUrl, cookie, token), 409, "conflict", "accept after leaving");
    expect(error.message).toMatch(/already used/i);
  });

  it("an unknown token is a 404", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    await expectError(await accept(baseUrl, cookie, `inv_${"x".repeat(43)}`), 404, "not_found", "unknown token");
    await expectError(await api(baseUrl, "/api/v1/members", { json: { token: "" }, cookie }), 400, "invalid_request", "empty token");
  });

  it("needs a session (401)", async () => {
    const owner = await createOwner(baseUrl);
    const { token } = await invite(baseUrl, owner.cookie, uniqueEmail(), "member");
    await expectError(await api(baseUrl, "/api/v1/members", { json: { token } }), 401, "unauthorized", "no session");
  });

  it("an expired link is refused (409, saying it expired) and listed as expired", async () => {
    const owner = await createOwner(baseUrl);
    const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail("late") });
    const { token, invitation } = await invite(baseUrl, owner.cookie, user.email, "member");
    await setInvitationExpiry(inject("databaseUrl"), invitation.id, new Date(Date.now() - 60_000));
    const error = await expectError(await accept(baseUrl, cookie, token), 409, "conflict", "expired");
    expect(error.message).toMatch(/expired/i);
    expect((await invitations(baseUrl, owner.cookie)).find((i) => i.id === invitation.id)?.status).toBe("expired");
    expect((await members(baseUrl, owner.cookie)).some((m) => m.user.id === user.id)).toBe(false);
    // An expired invitation no longer blocks a new one for the same address.
    await invite(baseUrl, owner.cookie, user.email, "member");
  });

  it("a revoked link is refused (409, saying it was revoked); revoking twice is a 409", async () => {
    const owner = await createOwner(baseUrl);
    const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail("revoked") });
    const { token, invitation } = await invite(baseUrl, owner.cookie, user.email, "admin");
    const revoked = await api(baseUrl, `/api/v1/invitations/${invitation.id}`, { method: "DELETE", cookie: owner.cookie });
    expect(revoked.status, await revoked.clone().text()).toBe(200);
    const { data } = await body<{ data: InvitationView }>(revoked);
    expect(data).toMatchObject({ id: invitation.id, status: "revoked" });
    expect(data.revoked_at).not.toBeNull();

    const error = await expectError(await accept(baseUrl, cookie, token), 409, "conflict", "revoked");
    expect(error.message).toMatch(/revoked/i);
    await expectError(await api(baseUrl, `/api/v1/invitations/${invitation.id}`, { method: "DELETE", cookie: owner.cookie }), 409, "conflict", "revoke twice");
    expect((await members(baseUrl, owner.cookie)).some((m) => m.user.id === user.id)).toBe(false);
    expect((await invitations(baseUrl, owner.cookie)).find((i) => i.id === invitation.id)?.status).toBe("revoked");
  });

  it("a link for one e-mail is refused to another user (403), without spelling out the address, and still works for its owner", async () => {
    const owner = await createOwner(baseUrl);
    const intended = await signUpAndSignIn(baseUrl, { email: uniqueEmail("intended") });
    const other = await signUpAndSignIn(baseUrl, { email: uniqueEmail("other") });
    const { token } = await invite(baseUrl, owner.cookie, intended.user.email, "admin");

    const error = await expectError(await accept(baseUrl, other.cookie, token), 403, "forbidden", "another user");
    expect(error.message).not.toContain(intended.user.email);
    expect(error.message).toMatch(/sign in as that user/i);
    expect((await members(baseUrl, owner.cookie)).some((m) => m.user.id === other.user.id)).toBe(false);
    // The other user's session still acts on their own account.
    expect((await api(baseUrl, "/api/v1/keys", { cookie: other.cookie })).status).toBe(200);

    await acceptOk(baseUrl, intended.cookie, token);
  });

  it(`${8} concurrent accepts of one link: exactly one 201, one membership`, async () => {
    const owner = await createOwner(baseUrl);
    const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail("racer") });
    const cookies = [cookie];
    for (let i = 1; i < 8; i++) {
      const result = await signIn(baseUrl, user.email, user.password);
      cookies.push(result.cookie!);
    }
    const { token } = await invite(baseUrl, owner.cookie, user.email, "member");
    const answers = await Promise.all(cookies.map((c) => accept(baseUrl, c, token)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201), statuses.join(",")).toHaveLength(1);
    expect(statuses.filter((status) => status === 409), statuses.join(",")).toHaveLength(7);
    expect((await members(baseUrl, owner.cookie)).filter((m) => m.user.id === user.id)).toHaveLength(1);
    const joined = (await auditActions(baseUrl, owner.cookie)).filter((event) => event.action === "member.joined");
    expect(joined).toHaveLength(1);
  });
});

describe("secrets and the audit trail", () => {
  it("the token is in no list, no audit event and no database row; every step is audited", async () => {
    const owner = await createOwner(baseUrl, "audited");
    const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail("audited-joiner") });
    const { token, invitation } = await invite(baseUrl, owner.cookie, user.email, "member");
    const revokedOne = await invite(baseUrl, owner.cookie, uniqueEmail("never"), "viewer");
    expect((await api(baseUrl, `/api/v1/invitations/${revokedOne.invitation.id}`, { method: "DELETE", cookie: owner.cookie })).status).toBe(200);
    const { member } = await acceptOk(baseUrl, cookie, token);
    expect((await setRole(baseUrl, owner.cookie, member.id, "admin")).status).toBe(200);
    expect((await removeMember(baseUrl, owner.cookie, member.id)).status).toBe(200);

    const listText = JSON.stringify(await invitations(baseUrl, owner.cookie));
    const events = await auditActions(baseUrl, owner.cookie);
    const auditText = JSON.stringify(events);
    for (const secret of [token, revokedOne.token, token.slice(4), revokedOne.token.slice(4)]) {
      expect(listText).not.toContain(secret);
      expect(auditText).not.toContain(secret);
    }
    const rows = await dumpTables(inject("databaseUrl"), ["Invitation", "AuditEvent", "Membership"]);
    expect(rows).not.toContain(token.slice(4));
    expect(rows).not.toContain(revokedOne.token.slice(4));

    const actions = events.map((event) => event.action);
    for (const action of ["member.invited", "member.joined", "member.role_changed", "member.removed", "invitation.revoked"]) {
      expect(actions, action).toContain(action);
    }
    expect(actions.filter((action) => action === "member.invited")).toHaveLength(2);
    expect(JSON.stringify(events.filter((event) => event.action.startsWith("member.")))).toContain(user.email);
    const invitedEvent = events.find((event) => event.action === "member.invited" && JSON.stringify(event).includes(invitation.id));
    expect(invitedEvent, "member.invited names the invitation").toBeDefined();
  });
});
