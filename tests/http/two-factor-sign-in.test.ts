// Signing in with a second factor, through next-auth's credentials callback as the sign-in page
// and integrators drive it: the password alone gets `otp_required` and no cookie; a code works
// once; a recovery code works once; wrong codes are counted per user; everything is audited.
// One server of this file's own, so its wrong codes never touch the shared server's budgets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signIn, signInError, signUpAndSignIn, type SignedUpUser } from "../support/client";
import { startServer, type RunningServer } from "../support/server";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { enrolTotp, totpCode, type Enrolled } from "../support/totp";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

type AuditRow = { action: string; metadata: Record<string, unknown> | null; ip: string | null; user_agent: string | null };

async function auditEvents(cookie: string, type?: string): Promise<AuditRow[]> {
  const response = await api(server.url, `/api/v1/audit-events?limit=100${type ? `&type=${encodeURIComponent(type)}` : ""}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: AuditRow[] }).data;
}

async function twoFactorUser(): Promise<{ user: SignedUpUser; cookie: string; enrolled: Enrolled }> {
  const { user, cookie } = await signUpAndSignIn(server.url);
  const enrolled = await enrolTotp(server.url, cookie);
  return { user, cookie, enrolled };
}

/** Six digits that are none of the codes the server would take now. */
function wrongCode(enrolled: Enrolled): string {
  const valid = new Set([-1, 0, 1, 2].map((offset) => totpCode(enrolled.secret, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

describe("sign-in with an authenticator app", () => {
  it("the password alone answers otp_required and sets no session cookie; with the next code it signs in", async () => {
    const { user, cookie, enrolled } = await twoFactorUser();

    const passwordOnly = await signIn(server.url, user.email, user.password);
    expect(signInError(passwordOnly)).toBe("otp_required");
    expect(passwordOnly.cookie).toBeNull();
    expect(passwordOnly.setCookie.some((line) => line.startsWith("next-auth.session-token="))).toBe(false);

    const withCode = await signIn(server.url, user.email, user.password, { "user-agent": "two-factor-test" }, { otp: totpCode(enrolled.secret, 1) });
    expect(withCode.cookie, withCode.body).not.toBeNull();
    expect((await api(server.url, "/api/v1/account", { cookie: withCode.cookie! })).status).toBe(200);

    const signedIn = (await auditEvents(cookie, "auth.signed_in")).filter((event) => event.metadata?.method === "password+totp");
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]).toMatchObject({ ip: "127.0.0.1", user_agent: "two-factor-test" });
  });

  it("a code is accepted once: replayed, it is refused; five sign-ins at once with one code give one session", async () => {
    const { user, enrolled } = await twoFactorUser();
    const code = totpCode(enrolled.secret, 1);
    const first = await signIn(server.url, user.email, user.password, {}, { otp: code });
    expect(first.cookie).not.toBeNull();
    const replay = await signIn(server.url, user.email, user.password, {}, { otp: code });
    expect(replay.cookie).toBeNull();
    expect(signInError(replay)).toBe("otp_invalid");
    // The step before the one used is older: refused as well (only later steps count).
    const older = await signIn(server.url, user.email, user.password, {}, { otp: totpCode(enrolled.secret, 0) });
    expect(older.cookie).toBeNull();

    const other = await twoFactorUser();
    const shared = totpCode(other.enrolled.secret, 1);
    const together = await Promise.all(
      Array.from({ length: 5 }, () => signIn(server.url, other.user.email, other.user.password, {}, { otp: shared })),
    );
    expect(together.filter((result) => result.cookie !== null)).toHaveLength(1);
  });

  it("a recovery code signs in once, is audited, and then no longer works", async () => {
    const { user, cookie, enrolled } = await twoFactorUser();
    expect(enrolled.recoveryCodes).toHaveLength(10);
    const [code] = enrolled.recoveryCodes;
    const used = await signIn(server.url, user.email, user.password, {}, { otp: code! });
    expect(used.cookie, used.body).not.toBeNull();
    // Typed in capitals and without dashes, a used code is still the same used code.
    const again = await signIn(server.url, user.email, user.password, {}, { otp: code!.toUpperCase().replaceAll("-", "") });
    expect(again.cookie).toBeNull();
    expect(signInError(again)).toBe("otp_invalid");

    const events = await auditEvents(cookie, "auth");
    expect(events.filter((event) => event.action === "auth.recovery_code_used")).toHaveLength(1);
    expect(events.filter((event) => event.action === "auth.signed_in" && event.metadata?.method === "password+recovery_code")).toHaveLength(1);
  });

  it("wrong codes are audited and counted per user: after five, even the right code is refused", async () => {
    const { user, cookie, enrolled } = await twoFactorUser();
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await signIn(server.url, user.email, user.password, {}, { otp: wrongCode(enrolled) });
      expect(signInError(wrong)).toBe("otp_invalid");
    }
    const right = await signIn(server.url, user.email, user.password, {}, { otp: totpCode(enrolled.secret, 1) });
    expect(right.cookie).toBeNull();
    expect(signInError(right)).toBe("otp_invalid");

    const failures = (await auditEvents(cookie, "auth.sign_in_failed")).map((event) => event.metadata?.reason);
    // Five wrong codes; the throttled sixth checked nothing and is not another failure.
    expect(failures).toEqual(Array(5).fill("wrong_code"));
  });

  it("a wrong password of an existing account is audited for its owner; a code sent anyway changes nothing", async () => {
    const { user, cookie } = await twoFactorUser();
    const wrong = await signIn(server.url, user.email, "not the password", {}, { otp: "123456" });
    expect(wrong.cookie).toBeNull();
    // Nothing past a wrong password is revealed: not even that this user has a second factor.
    expect(signInError(wrong)).toBe("CredentialsSignin");
    const failures = await auditEvents(cookie, "auth.sign_in_failed");
    expect(failures.map((event) => event.metadata?.reason)).toEqual(["wrong_password"]);
  });

  it("a user without a second factor signs in with the password alone (an otp field is ignored)", async () => {
    const { user } = await signUpAndSignIn(server.url);
    const result = await signIn(server.url, user.email, user.password, {}, { otp: "123456" });
    expect(result.cookie).not.toBeNull();
  });
});

describe("sign-in with a passkey as the second factor", () => {
  it("a user with only a passkey needs it after the password; the assertion must be theirs and is used once", async () => {
    const { user, cookie } = await signUpAndSignIn(server.url);
    const authenticator = new SoftAuthenticator(server.url);
    const creation = (await (await api(server.url, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie })).json()) as {
      data: { options: Parameters<SoftAuthenticator["register"]>[0] };
    };
    expect((await api(server.url, "/api/v1/account/passkeys", { json: { name: "second-factor", response: authenticator.register(creation.data.options) }, cookie })).status).toBe(201);

    expect(signInError(await signIn(server.url, user.email, user.password))).toBe("otp_required");

    const signInOptions = async () =>
      ((await (await api(server.url, "/api/v1/passkeys/authentication-options", { method: "POST" })).json()) as {
        data: { options: Parameters<SoftAuthenticator["assert"]>[0] };
      }).data.options;

    // Another user's passkey after this user's password: refused.
    const stranger = new SoftAuthenticator(server.url);
    const other = await signUpAndSignIn(server.url);
    const otherCreation = (await (await api(server.url, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie: other.cookie })).json()) as {
      data: { options: Parameters<SoftAuthenticator["register"]>[0] };
    };
    await api(server.url, "/api/v1/account/passkeys", { json: { name: "other", response: stranger.register(otherCreation.data.options) }, cookie: other.cookie });
    const foreign = await signIn(server.url, user.email, user.password, {}, { passkey: JSON.stringify(stranger.assert(await signInOptions())) });
    expect(foreign.cookie).toBeNull();
    expect(signInError(foreign)).toBe("otp_invalid");

    const assertion = JSON.stringify(authenticator.assert(await signInOptions()));
    const signedIn = await signIn(server.url, user.email, user.password, {}, { passkey: assertion });
    expect(signedIn.cookie, server.log().split("\n").filter((line) => line.includes("passkeys")).join("\n")).not.toBeNull();
    const replayed = await signIn(server.url, user.email, user.password, {}, { passkey: assertion });
    expect(replayed.cookie).toBeNull();

    const events = await auditEvents(cookie, "auth");
    expect(events.filter((event) => event.action === "auth.signed_in" && event.metadata?.method === "password+passkey")).toHaveLength(1);
    expect(events.filter((event) => event.action === "auth.sign_in_failed").map((event) => event.metadata?.reason)).toEqual(["wrong_passkey", "wrong_passkey"]);
  });
});

describe("the audit log by type", () => {
  it("filters by family and by action, and refuses a type it does not know", async () => {
    const { cookie } = await twoFactorUser();
    await api(server.url, "/api/v1/keys", { json: { name: "audit-type-test" }, cookie });

    const auth = await auditEvents(cookie, "auth");
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((event) => event.action.startsWith("auth."))).toBe(true);
    expect(auth.map((event) => event.action)).toContain("auth.mfa_enabled");

    const signIns = await auditEvents(cookie, "auth.signed_in");
    expect(signIns.map((event) => event.action)).toEqual(["auth.signed_in"]);

    const mixed = await auditEvents(cookie, "api_key,auth.signed_in");
    expect(new Set(mixed.map((event) => event.action))).toEqual(new Set(["api_key.created", "auth.signed_in"]));

    const unknown = await api(server.url, "/api/v1/audit-events?type=auth.nope", { cookie });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });
});
