// Sudo mode: with REAUTH_WINDOW_MINUTES=0.05 (3 seconds), a session older than that cannot create
// or rotate a key, widen where a key may be used from, weaken the leak policy or change the
// password: each answers 403 reauthentication_required and changes nothing, until
// POST /api/v1/account/reauth. Revoking never needs it. One server of this file's own.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signIn, signUpAndSignIn } from "../support/client";
import { startServer, type RunningServer } from "../support/server";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { enrolTotp, totpCode } from "../support/totp";

const WINDOW_MINUTES = 0.05;
const PAST_WINDOW_MS = 5_000;

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { REAUTH_WINDOW_MINUTES: String(WINDOW_MINUTES) } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function keyCount(cookie: string, status = "all"): Promise<number> {
  const response = await api(server.url, `/api/v1/keys?status=${status}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

async function expectReauthRequired(response: Response, label: string): Promise<void> {
  expect(response.status, label).toBe(403);
  const error = await errorEnvelope(response);
  expect(error.code, label).toBe("reauthentication_required");
  expect(error.message, label).toMatch(/POST \/api\/v1\/account\/reauth/);
}

describe("sensitive changes need a recent proof of identity", () => {
  it("right after sign-in a key can be created; 5 s later every sensitive change is refused and changes nothing; revoking still works", async () => {
    const { user, cookie } = await signUpAndSignIn(server.url);
    const created = await api(server.url, "/api/v1/keys", { json: { name: "created-right-after-sign-in" }, cookie });
    expect(created.status).toBe(201);
    const { data: key } = (await created.json()) as { data: { id: string } };
    const second = await api(server.url, "/api/v1/keys", { json: { name: "to-revoke-later" }, cookie });
    const { data: toRevoke } = (await second.json()) as { data: { id: string } };

    await sleep(PAST_WINDOW_MS);

    await expectReauthRequired(await api(server.url, "/api/v1/keys", { json: { name: "refused-after-window" }, cookie }), "create");
    await expectReauthRequired(await api(server.url, `/api/v1/keys/${key.id}/rotate`, { json: {}, cookie }), "rotate");
    await expectReauthRequired(
      await api(server.url, `/api/v1/keys/${key.id}`, { method: "PATCH", json: { allowed_ips: ["203.0.113.7"] }, cookie }),
      "allowed_ips",
    );
    await expectReauthRequired(await api(server.url, "/api/v1/keys/leak-policy", { method: "PATCH", json: { policy: "notify" }, cookie }), "leak policy");
    await expectReauthRequired(
      await api(server.url, "/api/v1/account/password", { json: { current_password: user.password, new_password: "another long passphrase" }, cookie }),
      "password",
    );
    await expectReauthRequired(await api(server.url, "/api/v1/account/two-factor/totp", { method: "POST", cookie }), "enrol an authenticator");

    // Nothing changed: two keys, the first one as it was, the policy and the password as they were.
    expect(await keyCount(cookie)).toBe(2);
    const unchanged = (await (await api(server.url, `/api/v1/keys/${key.id}`, { cookie })).json()) as { data: { status: string; allowed_ips: unknown } };
    expect(unchanged.data).toMatchObject({ status: "active", allowed_ips: null });
    expect(((await (await api(server.url, "/api/v1/keys/leak-policy", { cookie })).json()) as { data: { policy: string } }).data.policy).toBe("revoke");
    expect((await signIn(server.url, user.email, user.password)).cookie).not.toBeNull();

    // A rename is not a security change; revoking must stay one click in an incident.
    const renamed = await api(server.url, `/api/v1/keys/${key.id}`, { method: "PATCH", json: { name: "renamed-outside-window" }, cookie });
    expect(renamed.status).toBe(200);
    const revoked = await api(server.url, `/api/v1/keys/${toRevoke.id}`, { method: "DELETE", cookie });
    expect(revoked.status).toBe(200);
    expect(await keyCount(cookie, "active")).toBe(1);
  }, 30_000);

  it("POST /api/v1/account/reauth with the password opens the window again; a wrong one does not", async () => {
    const { user, cookie } = await signUpAndSignIn(server.url);
    await sleep(PAST_WINDOW_MS);

    const before = (await (await api(server.url, "/api/v1/account/reauth", { cookie })).json()) as {
      data: { valid_until: string; methods: Record<string, boolean> };
    };
    expect(Date.parse(before.data.valid_until)).toBeLessThan(Date.now());
    expect(before.data.methods).toEqual({ password: true, otp: false, passkey: false });

    const wrong = await api(server.url, "/api/v1/account/reauth", { json: { password: "not the password" }, cookie });
    expect(wrong.status).toBe(400);
    expect((await errorEnvelope(wrong)).details).toMatchObject({ fields: ["password"] });
    await expectReauthRequired(await api(server.url, "/api/v1/keys", { json: { name: "still-refused" }, cookie }), "after a wrong password");

    for (const body of [{}, { password: user.password, otp: "123456" }, { password: "" }, { pin: "1234" }]) {
      const invalid = await api(server.url, "/api/v1/account/reauth", { json: body, cookie });
      expect(invalid.status, JSON.stringify(body)).toBe(400);
    }

    const confirmed = await api(server.url, "/api/v1/account/reauth", { json: { password: user.password }, cookie });
    expect(confirmed.status).toBe(204);
    const created = await api(server.url, "/api/v1/keys", { json: { name: "created-after-reauth" }, cookie });
    expect(created.status).toBe(201);

    const events = (await (await api(server.url, "/api/v1/audit-events?type=auth.reauthenticated", { cookie })).json()) as {
      data: { metadata: { method: string } }[];
    };
    expect(events.data.map((event) => event.metadata.method)).toEqual(["password"]);
  }, 30_000);

  it("with an authenticator app: a code re-authenticates once; ten requests with one code at once open the window once", async () => {
    const { user, cookie } = await signUpAndSignIn(server.url);
    // Setting the app up is itself a sensitive change: a fresh proof keeps a slow machine inside the 3 s.
    expect((await api(server.url, "/api/v1/account/reauth", { json: { password: user.password }, cookie })).status).toBe(204);
    const enrolled = await enrolTotp(server.url, cookie);
    await sleep(PAST_WINDOW_MS);

    // A recovery code is a proof too, once.
    expect((await api(server.url, "/api/v1/account/reauth", { json: { otp: enrolled.recoveryCodes[0] }, cookie })).status).toBe(204);
    expect((await api(server.url, "/api/v1/account/reauth", { json: { otp: enrolled.recoveryCodes[0] }, cookie })).status).toBe(400);
    await sleep(PAST_WINDOW_MS);

    const code = totpCode(enrolled.secret, 1);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(server.url, "/api/v1/account/reauth", { json: { otp: code }, cookie })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.every((status) => status === 204 || status === 400 || status === 429)).toBe(true);
    expect((await api(server.url, "/api/v1/keys", { json: { name: "after-code" }, cookie })).status).toBe(201);
  }, 40_000);

  it("with a passkey: an assertion for the reauth options opens the window once; another user's passkey does not", async () => {
    const { user, cookie } = await signUpAndSignIn(server.url);
    const authenticator = new SoftAuthenticator(server.url);
    expect((await api(server.url, "/api/v1/account/reauth", { json: { password: user.password }, cookie })).status).toBe(204);
    const creation = (await (await api(server.url, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie })).json()) as {
      data: { options: Parameters<SoftAuthenticator["register"]>[0] };
    };
    const added = await api(server.url, "/api/v1/account/passkeys", { json: { name: "reauth-test", response: authenticator.register(creation.data.options) }, cookie });
    expect(added.status).toBe(201);
    await sleep(PAST_WINDOW_MS);

    const status = (await (await api(server.url, "/api/v1/account/reauth", { cookie })).json()) as { data: { methods: Record<string, boolean> } };
    expect(status.data.methods).toEqual({ password: true, otp: false, passkey: true });

    const options = async (who: string) =>
      ((await (await api(server.url, "/api/v1/account/reauth/options", { method: "POST", cookie: who })).json()) as {
        data: { options: Parameters<SoftAuthenticator["assert"]>[0] };
      }).data.options;

    // Someone else's passkey, answering this user's challenge, is refused.
    const stranger = await signUpAndSignIn(server.url);
    const strangerKey = new SoftAuthenticator(server.url);
    expect((await api(server.url, "/api/v1/account/reauth", { json: { password: stranger.user.password }, cookie: stranger.cookie })).status).toBe(204);
    const strangerCreation = (await (await api(server.url, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie: stranger.cookie })).json()) as {
      data: { options: Parameters<SoftAuthenticator["register"]>[0] };
    };
    await api(server.url, "/api/v1/account/passkeys", { json: { name: "stranger", response: strangerKey.register(strangerCreation.data.options) }, cookie: stranger.cookie });
    const mine = await options(cookie);
    const foreign = await api(server.url, "/api/v1/account/reauth", { json: { passkey: strangerKey.assert({ ...mine, allowCredentials: [] }) }, cookie });
    expect(foreign.status).toBe(400);

    const assertion = authenticator.assert(await options(cookie));
    expect((await api(server.url, "/api/v1/account/reauth", { json: { passkey: assertion }, cookie })).status).toBe(204);
    // The same assertion again: its challenge is spent.
    expect((await api(server.url, "/api/v1/account/reauth", { json: { passkey: assertion }, cookie })).status).toBe(400);
    expect((await api(server.url, "/api/v1/keys", { json: { name: "after-passkey" }, cookie })).status).toBe(201);
  }, 40_000);

  it("every operation the document marks as sudo mode refuses an old session, before it looks at anything else; no other session write does", async () => {
    const document = (await (await api(server.url, "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { "x-requires-reauthentication"?: boolean; security?: Record<string, unknown>[] }>>;
    };
    const { cookie } = await signUpAndSignIn(server.url);
    await sleep(PAST_WINDOW_MS);
    const marked: string[] = [];
    const unmarked: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const sessionOnly = operation.security?.length === 1 && "sessionCookie" in (operation.security[0] ?? {});
        if (method === "get" || !sessionOnly) continue;
        const path = template.replaceAll("{id}", randomUUID());
        const response = await api(server.url, path, { method: method.toUpperCase(), json: {}, cookie });
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        const label = `${method.toUpperCase()} ${template}`;
        if (operation["x-requires-reauthentication"]) {
          expect([response.status, body?.error?.code], label).toEqual([403, "reauthentication_required"]);
          marked.push(label);
        } else {
          expect(body?.error?.code, label).not.toBe("reauthentication_required");
          unmarked.push(label);
        }
      }
    }
    // The list the issue names, at least: keys created and rotated, the password, second factors.
    expect(marked).toEqual(
      expect.arrayContaining([
        "POST /api/v1/keys",
        "POST /api/v1/keys/{id}/rotate",
        "POST /api/v1/account/password",
        "DELETE /api/v1/account/two-factor/totp",
        "DELETE /api/v1/account/passkeys/{id}",
        "POST /api/v1/account/passkeys",
      ]),
    );
    expect(unmarked).toEqual(expect.arrayContaining(["DELETE /api/v1/keys/{id}", "POST /api/v1/account/reauth"]));
  }, 40_000);
});
