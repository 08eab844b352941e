// Passkeys, against the real server and a software authenticator (tests/support/soft-authenticator.ts):
// registration stores nothing a client could reuse and answers only a view; the first passkey
// brings recovery codes; and every attack on registration (a replayed answer, another origin, no
// user verification, another user's challenge, N copies at once) is refused without storing anything.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, cookiePairs, errorEnvelope, signUpAndSignIn } from "../support/client";
import { ownServers } from "../support/own-servers";
import { startServer, type RunningServer } from "../support/server";
import { SoftAuthenticator, type Overrides } from "../support/soft-authenticator";

const baseUrl = inject("baseUrl");
const servers = ownServers();

type CreationOptions = { challenge: string; rp: { id?: string; name: string }; user: { id: string; name: string }; excludeCredentials?: { id: string }[]; authenticatorSelection?: Record<string, unknown> };
type PasskeyView = { id: string; name: string; created_at: string; last_used_at: string | null; backed_up: boolean; device_type: string };
type Added = { data: { passkey: PasskeyView; recovery_codes: string[] | null } };

async function registrationOptions(cookie: string, url = baseUrl): Promise<CreationOptions> {
  const response = await api(url, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { data: { options: CreationOptions } }).data.options;
}

function postPasskey(cookie: string, name: string, response: unknown, url = baseUrl): Promise<Response> {
  return api(url, "/api/v1/account/passkeys", { cookie, json: { name, response } });
}

/** Options, the authenticator's answer and the POST, as the Add a passkey button does them. */
async function register(cookie: string, authenticator: SoftAuthenticator, name = "Laptop", overrides: Overrides = {}, url = baseUrl): Promise<Response> {
  const options = await registrationOptions(cookie, url);
  return postPasskey(cookie, name, authenticator.register(options, overrides), url);
}

async function listed(cookie: string, url = baseUrl): Promise<PasskeyView[]> {
  const response = await api(url, "/api/v1/account/passkeys", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: PasskeyView[] }).data;
}

async function authActions(cookie: string): Promise<{ action: string; metadata: Record<string, unknown> | null }[]> {
  const response = await api(baseUrl, "/api/v1/audit-events?limit=100", { cookie });
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: { action: string; metadata: Record<string, unknown> | null }[] };
  return data.filter((event) => event.action.startsWith("auth.passkey") || event.action.startsWith("auth.mfa"));
}

async function expectRefused(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  const error = await errorEnvelope(response);
  expect(error.code).toBe("invalid_request");
  return error.message;
}

describe("adding passkeys", () => {
  it("asks for a discoverable, user-verified credential for this site and this user, excluding the ones already added", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const options = await registrationOptions(cookie);
    expect(options.rp.id).toBe(new URL(baseUrl).hostname);
    expect(options.user.name).toBe(user.email);
    expect(Buffer.from(options.user.id, "base64url").toString()).toBe(user.id);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.excludeCredentials).toEqual([]);

    const authenticator = new SoftAuthenticator(baseUrl);
    expect((await register(cookie, authenticator)).status).toBe(201);
    const again = await registrationOptions(cookie);
    expect(again.excludeCredentials?.map((credential) => credential.id)).toEqual([authenticator.credentials[0]?.id.toString("base64url")]);
  });

  it("the first passkey brings ten recovery codes, the second none; the list shows names and times, never key material", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const authenticator = new SoftAuthenticator(baseUrl);
    const first = await register(cookie, authenticator, "  Work laptop  ");
    expect(first.status).toBe(201);
    const added = (await first.json()) as Added;
    expect(added.data.passkey).toMatchObject({ name: "Work laptop", last_used_at: null, backed_up: false, device_type: "singleDevice" });
    expect(added.data.recovery_codes).toHaveLength(10);
    expect(new Set(added.data.recovery_codes).size).toBe(10);

    const second = await register(cookie, new SoftAuthenticator(baseUrl), "Phone");
    expect(second.status).toBe(201);
    expect(((await second.json()) as Added).data.recovery_codes).toBeNull();

    const list = await api(baseUrl, "/api/v1/account/passkeys", { cookie });
    const text = await list.text();
    const { data } = JSON.parse(text) as { data: PasskeyView[] };
    expect(data.map((passkey) => passkey.name)).toEqual(["Work laptop", "Phone"]);
    for (const passkey of data) expect(Object.keys(passkey).sort()).toEqual(["backed_up", "created_at", "device_type", "id", "last_used_at", "name"]);
    const credentialId = authenticator.credentials[0]?.id.toString("base64url") ?? "missing";
    expect(text).not.toContain(credentialId);

    const events = await authActions(cookie);
    expect(events.map((event) => event.action).sort()).toEqual(["auth.mfa_enabled", "auth.passkey_added", "auth.passkey_added"]);
    expect(events.find((event) => event.action === "auth.mfa_enabled")?.metadata).toEqual({ method: "passkey" });
  });

  it("refuses a bad name and a malformed answer in words", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const options = await registrationOptions(cookie);
    const answer = new SoftAuthenticator(baseUrl).register(options);
    for (const name of ["", "   ", "x".repeat(65)]) {
      const response = await postPasskey(cookie, name, answer);
      expect(response.status).toBe(400);
      expect((await errorEnvelope(response)).details).toMatchObject({ fields: ["name"] });
    }
    const garbled = await postPasskey(cookie, "Laptop", { ...answer, response: { ...answer.response, attestationObject: "AAAA" } });
    expect(await expectRefused(garbled)).toMatch(/did not verify/);
    expect(await listed(cookie)).toEqual([]);
  });
});

describe("attacks on registration", () => {
  it("the same answer posted twice: the second is refused (the challenge was used up)", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const answer = new SoftAuthenticator(baseUrl).register(await registrationOptions(cookie));
    expect((await postPasskey(cookie, "Laptop", answer)).status).toBe(201);
    expect(await expectRefused(await postPasskey(cookie, "Laptop again", answer))).toMatch(/challenge/);
    expect(await listed(cookie)).toHaveLength(1);
  });

  it("ten copies of one answer at once: exactly one passkey is added", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const answer = new SoftAuthenticator(baseUrl).register(await registrationOptions(cookie));
    const statuses = (await Promise.all(Array.from({ length: 10 }, (_, i) => postPasskey(cookie, `Copy ${i}`, answer)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(9);
    expect(await listed(cookie)).toHaveLength(1);
  });

  it("an answer made for another site (phishing origin, or another RP ID) is refused, and its challenge is gone", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const authenticator = new SoftAuthenticator(baseUrl);
    const options = await registrationOptions(cookie);
    expect(await expectRefused(await postPasskey(cookie, "Phished", authenticator.register(options, { origin: "https://evil.example" })))).toMatch(/did not verify/);
    // The same challenge again, now with the right origin: used up by the first try.
    expect(await expectRefused(await postPasskey(cookie, "Retry", authenticator.register(options)))).toMatch(/challenge/);
    const other = await registrationOptions(cookie);
    expect(await expectRefused(await postPasskey(cookie, "Other RP", authenticator.register(other, { rpId: "evil.example" })))).toMatch(/did not verify/);
    expect(await listed(cookie)).toEqual([]);
  });

  it("an authenticator that did not verify the user (no PIN, no biometrics) is refused", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const response = await register(cookie, new SoftAuthenticator(baseUrl), "No UV", { userVerified: false });
    expect(await expectRefused(response)).toMatch(/user verification/);
    expect(await listed(cookie)).toEqual([]);
  });

  it("a challenge issued to user A, answered and posted by user B, is refused", async () => {
    const a = await signUpAndSignIn(baseUrl);
    const b = await signUpAndSignIn(baseUrl);
    const optionsForA = await registrationOptions(a.cookie);
    const answer = new SoftAuthenticator(baseUrl).register(optionsForA);
    expect(await expectRefused(await postPasskey(b.cookie, "Not mine", answer))).toMatch(/challenge/);
    expect(await listed(b.cookie)).toEqual([]);
    // B's try did not touch A's challenge: it still serves A, once.
    expect((await postPasskey(a.cookie, "Mine", answer)).status).toBe(201);
    expect(await expectRefused(await postPasskey(a.cookie, "Mine again", answer))).toMatch(/challenge/);
  });

  it("a challenge that was never issued is refused", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const options = await registrationOptions(cookie);
    const answer = new SoftAuthenticator(baseUrl).register(options, { challenge: Buffer.from("made up by the attacker").toString("base64url") });
    expect(await expectRefused(await postPasskey(cookie, "Forged", answer))).toMatch(/challenge/);
  });

  it("signed out, nothing passkey-related answers", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/account/passkeys"],
      ["POST", "/api/v1/account/passkeys"],
      ["POST", "/api/v1/account/passkeys/registration-options"],
      ["DELETE", "/api/v1/account/passkeys/00000000-0000-4000-8000-000000000000"],
    ] as const) {
      const response = await api(baseUrl, path, { method, ...(method === "POST" ? { json: {} } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it("a cross-site request for registration options is refused", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const response = await api(baseUrl, "/api/v1/account/passkeys/registration-options", {
      method: "POST",
      cookie,
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
  });
});

describe("removing and renaming passkeys", () => {
  it("another user's passkey is a 404 and stays; removing the last one drops the recovery codes and is audited", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const stranger = await signUpAndSignIn(baseUrl);
    const first = ((await (await register(cookie, new SoftAuthenticator(baseUrl), "One")).json()) as Added).data.passkey;
    const second = ((await (await register(cookie, new SoftAuthenticator(baseUrl), "Two")).json()) as Added).data.passkey;

    const notTheirs = await api(baseUrl, `/api/v1/account/passkeys/${first.id}`, { method: "DELETE", cookie: stranger.cookie });
    expect(notTheirs.status).toBe(404);
    expect((await errorEnvelope(notTheirs)).code).toBe("not_found");
    const renameNotTheirs = await api(baseUrl, `/api/v1/account/passkeys/${first.id}`, { method: "PATCH", json: { name: "Mine now" }, cookie: stranger.cookie });
    expect(renameNotTheirs.status).toBe(404);
    expect((await api(baseUrl, "/api/v1/account/passkeys/not-a-uuid", { method: "DELETE", cookie })).status).toBe(404);
    expect((await listed(cookie)).map((passkey) => passkey.name)).toEqual(["One", "Two"]);

    const renamed = await api(baseUrl, `/api/v1/account/passkeys/${first.id}`, { method: "PATCH", json: { name: " Old laptop " }, cookie });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { data: PasskeyView }).data.name).toBe("Old laptop");

    expect((await api(baseUrl, `/api/v1/account/passkeys/${first.id}`, { method: "DELETE", cookie })).status).toBe(204);
    expect((await api(baseUrl, `/api/v1/account/passkeys/${first.id}`, { method: "DELETE", cookie })).status).toBe(404);
    expect((await authActions(cookie)).map((event) => event.action)).not.toContain("auth.mfa_disabled");

    expect((await api(baseUrl, `/api/v1/account/passkeys/${second.id}`, { method: "DELETE", cookie })).status).toBe(204);
    expect(await listed(cookie)).toEqual([]);
    const events = await authActions(cookie);
    expect(events.filter((event) => event.action === "auth.passkey_removed").map((event) => event.metadata)).toEqual(
      expect.arrayContaining([{ passkey_id: first.id, name: "Old laptop" }, { passkey_id: second.id, name: "Two" }]),
    );
    expect(events.find((event) => event.action === "auth.mfa_disabled")?.metadata).toEqual({ method: "passkey" });

    // The codes went with the last factor: the next first passkey issues a fresh set.
    const again = (await (await register(cookie, new SoftAuthenticator(baseUrl), "Three")).json()) as Added;
    expect(again.data.recovery_codes).toHaveLength(10);
  });
});

describe("passkey sign-in options (public)", () => {
  it("discoverable options that name no user and require user verification", async () => {
    const response = await api(baseUrl, "/api/v1/passkeys/authentication-options", { method: "POST" });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { options: { challenge: string; rpId: string; userVerification: string; allowCredentials?: unknown[] } } };
    expect(data.options.rpId).toBe(new URL(baseUrl).hostname);
    expect(data.options.userVerification).toBe("required");
    expect(data.options.allowCredentials ?? []).toEqual([]);
    expect(data.options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are capped per address: the request after the limit is a 429 with Retry-After", async () => {
    const server = await servers.start({ env: { PASSKEY_OPTIONS_LIMIT_PER_MINUTE: "5" } });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => api(server.url, "/api/v1/passkeys/authentication-options", { method: "POST" })))).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    const refused = await api(server.url, "/api/v1/passkeys/authentication-options", { method: "POST" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorEnvelope(refused)).code).toBe("rate_limited");
  });
});

// Signing in with a passkey goes through next-auth's "passkey" provider, which the lead wires
// to verifyPasskeyAuthentication (lib/passkeys/authentication.ts). These run once it exists, on a
// server of their own without the per-address cap on sign-in options (they ask for many).
const providers = (await (await fetch(new URL("/api/auth/providers", baseUrl))).json()) as Record<string, unknown>;
const passkeySignInWired = "passkey" in providers;

type RequestOptions = Parameters<SoftAuthenticator["assert"]>[0];

describe.runIf(passkeySignInWired)("signing in with a passkey", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PASSKEY_OPTIONS_LIMIT_PER_MINUTE: "0" } });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function signInOptions(): Promise<RequestOptions> {
    const response = await api(server.url, "/api/v1/passkeys/authentication-options", { method: "POST" });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { options: RequestOptions } }).data.options;
  }

  /** What PasskeySignInButton sends: signIn("passkey", { response: JSON.stringify(assertion) }). The session cookie, or null. */
  async function signInWithAssertion(assertion: unknown): Promise<string | null> {
    const csrf = await fetch(new URL("/api/auth/csrf", server.url));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(new URL("/api/auth/callback/passkey", server.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf.headers.getSetCookie()), origin: server.url },
      body: new URLSearchParams({ csrfToken, response: JSON.stringify(assertion), json: "true" }),
      redirect: "manual",
    });
    const session = response.headers.getSetCookie().find((line) => line.startsWith("next-auth.session-token="));
    return session?.split(";")[0] ?? null;
  }

  async function userWithPasskey() {
    const { user, cookie } = await signUpAndSignIn(server.url);
    const authenticator = new SoftAuthenticator(server.url);
    expect((await register(cookie, authenticator, "Laptop", {}, server.url)).status).toBe(201);
    return { user, cookie, authenticator };
  }

  it("a discoverable sign-in works with no email, and stamps the passkey's last use", async () => {
    const { user, cookie, authenticator } = await userWithPasskey();
    const session = await signInWithAssertion(authenticator.assert(await signInOptions()));
    expect(session).not.toBeNull();
    const account = await api(server.url, "/api/v1/account", { cookie: session ?? "" });
    expect(((await account.json()) as { data: { email: string } }).data.email).toBe(user.email);
    expect((await listed(cookie, server.url))[0]?.last_used_at).not.toBeNull();
  });

  it("an assertion works once: replayed, or ten copies at once, it makes exactly one session", async () => {
    const { authenticator } = await userWithPasskey();
    const assertion = authenticator.assert(await signInOptions());
    const sessions = await Promise.all(Array.from({ length: 10 }, () => signInWithAssertion(assertion)));
    expect(sessions.filter((session) => session !== null)).toHaveLength(1);
    expect(await signInWithAssertion(assertion)).toBeNull();
  });

  it("refuses an assertion for another origin or RP ID, or without user verification", async () => {
    const { authenticator } = await userWithPasskey();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { origin: "https://evil.example" }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { rpId: "evil.example" }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { userVerified: false }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions()))).not.toBeNull();
  });

  it("a counter that does not go up (a cloned authenticator) is refused; one that stays at zero (synced passkeys) is not", async () => {
    const { authenticator } = await userWithPasskey();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { counter: 5 }))).not.toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { counter: 5 }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { counter: 3 }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { counter: 6 }))).not.toBeNull();

    const synced = await userWithPasskey();
    expect(await signInWithAssertion(synced.authenticator.assert(await signInOptions(), { counter: 0 }))).not.toBeNull();
    expect(await signInWithAssertion(synced.authenticator.assert(await signInOptions(), { counter: 0 }))).not.toBeNull();
  });

  it("refuses a challenge issued for something else, a made-up one, an unregistered passkey and a removed one", async () => {
    const { cookie, authenticator } = await userWithPasskey();
    const registrationChallenge = (await registrationOptions(cookie, server.url)).challenge;
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { challenge: registrationChallenge }))).toBeNull();
    expect(await signInWithAssertion(authenticator.assert(await signInOptions(), { challenge: Buffer.from("made up").toString("base64url") }))).toBeNull();

    const unregistered = new SoftAuthenticator(server.url);
    unregistered.register({ challenge: "x", rp: { id: new URL(server.url).hostname }, user: { id: Buffer.from("nobody").toString("base64url") } });
    expect(await signInWithAssertion(unregistered.assert(await signInOptions()))).toBeNull();

    const [passkey] = await listed(cookie, server.url);
    expect((await api(server.url, `/api/v1/account/passkeys/${passkey?.id}`, { method: "DELETE", cookie })).status).toBe(204);
    expect(await signInWithAssertion(authenticator.assert(await signInOptions()))).toBeNull();
  });
});
