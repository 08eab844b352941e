// The authenticator app against the real server and database, as an attacker would try it: the
// secret is shown once and kept sealed, a code works once (replayed, raced ten at a time, or an
// older one after a newer), wrong codes run out at the sixth, and every change leaves its event.
// A server of this file's own (on PostgreSQL when the tests are pointed at one): its wrong-code
// budget per address must not be shared with other files.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { ownServers } from "../support/own-servers";
import { configuredPostgresUrl, createTestDatabase, withClient, type TestDatabase } from "../support/database";
import { startServer, type RunningServer } from "../support/server";
import { enrolTotp, totpCode } from "../support/totp";

let server: RunningServer;
let url: string;
/** The server's database: SQLite by default, PostgreSQL when the tests are pointed at one. */
let database: TestDatabase | null = null;
let databaseUrl: string;
/** Every secret and code this file saw: none may ever reach the server's log. */
const secretsSeen: string[] = [];

beforeAll(async () => {
  const postgres = configuredPostgresUrl();
  if (postgres) database = await createTestDatabase(postgres);
  server = await startServer({ env: { DATABASE_URL: database?.url, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") } });
  url = server.url;
  databaseUrl = database?.url ?? `file:${path.join(server.dataDir, "app.db")}`;
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

type UserRow = { totpSecret: string | null; totpPendingSecret: string | null; totpEnabledAt: unknown; totpLastStep: number | null };

/** Rows of one user, read straight from the database as an attacker with a copy of it would. */
async function query<T>(sql: string, userId: string): Promise<T[]> {
  if (database) return withClient(database.url, async (client) => (await client.query(sql.replace("?", "$1"), [userId])).rows as T[]);
  const db = new Database(databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(userId) as T[];
  } finally {
    db.close();
  }
}

async function userRow(userId: string): Promise<UserRow> {
  const [row] = await query<UserRow>(`SELECT "totpSecret", "totpPendingSecret", "totpEnabledAt", "totpLastStep" FROM "User" WHERE id = ?`, userId);
  if (!row) throw new Error(`no user ${userId}`);
  return row;
}

async function recoveryRows(userId: string): Promise<string> {
  return JSON.stringify(await query(`SELECT * FROM "RecoveryCode" WHERE "userId" = ?`, userId));
}

const status = async (cookie: string) => api(url, "/api/v1/account/two-factor", { cookie });
const start = (cookie: string) => api(url, "/api/v1/account/two-factor/totp", { method: "POST", cookie });
const confirm = (cookie: string, code: string) => api(url, "/api/v1/account/two-factor/totp/confirm", { cookie, json: { code } });
const disable = (cookie: string, code: string) => api(url, "/api/v1/account/two-factor/totp", { method: "DELETE", cookie, json: { code } });

async function enrolled() {
  const { user, cookie } = await signUpAndSignIn(url);
  const app = await enrolTotp(url, cookie);
  secretsSeen.push(app.secret, ...app.recoveryCodes);
  return { user, cookie, ...app };
}

async function auditActions(cookie: string): Promise<{ action: string; metadata: Record<string, unknown> | null }[]> {
  const response = await api(url, "/api/v1/audit-events?limit=100", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { action: string; metadata: Record<string, unknown> | null }[] }).data;
}

describe("turning the authenticator app on", () => {
  it("shows the secret once, keeps it sealed, and a code from it turns the app on with ten recovery codes", async () => {
    const { user, cookie } = await signUpAndSignIn(url);
    expect(await (await status(cookie)).json()).toEqual({ data: { totp: { enabled: false, enabled_at: null }, recovery_codes_remaining: 0 } });

    const first = await start(cookie);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toContain("no-store");
    const { data: shown } = (await first.json()) as { data: { secret: string; otpauth_url: string; qr_code_svg: string; expires_at: string } };
    secretsSeen.push(shown.secret);
    expect(shown.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new URL(shown.otpauth_url).searchParams.get("secret")).toBe(shown.secret);
    expect(decodeURIComponent(shown.otpauth_url)).toContain(`:${user.email}?`);
    expect(shown.qr_code_svg).toMatch(/^<svg/);
    expect(Date.parse(shown.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);
    // Pending, and sealed: the database alone does not give the secret away.
    const pending = await userRow(user.id);
    expect(pending.totpPendingSecret).toMatch(/^v1\./);
    expect(pending.totpPendingSecret).not.toContain(shown.secret);
    expect(pending.totpSecret).toBeNull();

    // A second start replaces the first: the first secret's codes no longer confirm.
    const second = (await (await start(cookie)).json()) as { data: { secret: string } };
    secretsSeen.push(second.data.secret);
    expect(second.data.secret).not.toBe(shown.secret);
    const stale = await confirm(cookie, totpCode(shown.secret));
    expect(stale.status).toBe(400);
    expect((await errorEnvelope(stale)).details).toMatchObject({ fields: ["code"] });

    const on = await confirm(cookie, totpCode(second.data.secret));
    expect(on.status).toBe(201);
    const { data } = (await on.json()) as { data: { enabled_at: string; recovery_codes: string[] } };
    secretsSeen.push(...data.recovery_codes);
    expect(data.recovery_codes).toHaveLength(10);
    expect(new Set(data.recovery_codes).size).toBe(10);
    for (const code of data.recovery_codes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);

    const stored = await userRow(user.id);
    expect(stored.totpSecret).toMatch(/^v1\./);
    expect(stored.totpSecret).not.toContain(second.data.secret);
    expect(stored.totpPendingSecret).toBeNull();
    expect(stored.totpLastStep).toBeGreaterThan(0);
    const codesAtRest = await recoveryRows(user.id);
    for (const code of data.recovery_codes) expect(codesAtRest).not.toContain(code.replaceAll("-", ""));

    // The status says on, and nothing more: no secret, no code.
    const after = await status(cookie);
    const text = await after.text();
    expect(JSON.parse(text)).toEqual({ data: { totp: { enabled: true, enabled_at: data.enabled_at }, recovery_codes_remaining: 10 } });
    for (const secret of [second.data.secret, ...data.recovery_codes]) expect(text).not.toContain(secret);

    // On already: neither a new enrolment nor a second confirmation.
    expect((await start(cookie)).status).toBe(409);
    expect((await confirm(cookie, totpCode(second.data.secret, 1))).status).toBe(409);
    expect((await auditActions(cookie)).filter((event) => event.action === "auth.mfa_enabled")).toEqual([
      expect.objectContaining({ metadata: { method: "totp" } }),
    ]);
  });

  it("refuses a confirmation with nothing pending, and without a session", async () => {
    const { cookie } = await signUpAndSignIn(url);
    const nothing = await confirm(cookie, "123456");
    expect(nothing.status).toBe(409);
    expect((await errorEnvelope(nothing)).code).toBe("conflict");
    expect((await api(url, "/api/v1/account/two-factor/totp", { method: "POST" })).status).toBe(401);
    expect((await api(url, "/api/v1/account/two-factor/totp/confirm", { json: { code: "123456" } })).status).toBe(401);
  });
});

describe("a code works once", () => {
  it("the code that turned the app on cannot turn it off; the next one can", async () => {
    const { user, cookie, secret, usedCode } = await enrolled();
    // The very string that confirmed it (recomputing it could cross into the next step).
    const replayed = await disable(cookie, usedCode);
    expect(replayed.status).toBe(400);
    expect((await errorEnvelope(replayed)).details).toMatchObject({ fields: ["code"] });

    const off = await disable(cookie, totpCode(secret, 1));
    expect(off.status).toBe(204);
    expect(await userRow(user.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpPendingSecret: null });
    // No passkey left: the recovery codes went with the app.
    expect(await (await status(cookie)).json()).toEqual({ data: { totp: { enabled: false, enabled_at: null }, recovery_codes_remaining: 0 } });
    const events = await auditActions(cookie);
    expect(events.filter((event) => event.action === "auth.mfa_disabled")).toEqual([expect.objectContaining({ metadata: { method: "totp" } })]);
    expect((await disable(cookie, totpCode(secret, 1))).status).toBe(409);
  });

  it("an older code is dead once a newer one was used", async () => {
    const { user, cookie } = await signUpAndSignIn(url);
    const { data } = (await (await start(cookie)).json()) as { data: { secret: string } };
    secretsSeen.push(data.secret);
    // Confirmed with the next step's code (a phone clock a little ahead): the current one is older.
    expect((await confirm(cookie, totpCode(data.secret, 1))).status).toBe(201);
    expect((await disable(cookie, totpCode(data.secret))).status).toBe(400);
    expect((await userRow(user.id)).totpEnabledAt).not.toBeNull();
  });

  it("ten identical requests at once with one app code: exactly one turns the app off", async () => {
    const { cookie, secret } = await enrolled();
    const code = totpCode(secret, 1);
    const answers = await Promise.all(Array.from({ length: 10 }, () => disable(cookie, code)));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    // The others: the code already used (400), the app already off (409), or out of budget (429).
    for (const s of statuses.filter((s) => s !== 204)) expect([400, 409, 429]).toContain(s);
    expect((await auditActions(cookie)).filter((event) => event.action === "auth.mfa_disabled")).toHaveLength(1);
  });

  it("ten identical requests at once with one recovery code: it is used up once, with one event", async () => {
    const { user, cookie, recoveryCodes } = await enrolled();
    const answers = await Promise.all(Array.from({ length: 10 }, () => disable(cookie, recoveryCodes[3] ?? "")));
    expect(answers.map((response) => response.status).filter((s) => s === 204)).toHaveLength(1);
    const events = await auditActions(cookie);
    expect(events.filter((event) => event.action === "auth.recovery_code_used")).toEqual([expect.objectContaining({ metadata: { remaining: 9 } })]);
    expect(events.filter((event) => event.action === "auth.mfa_disabled")).toHaveLength(1);
    expect((await userRow(user.id)).totpEnabledAt).toBeNull();
  });

  it("a recovery code turns the app off once; written in capitals and without dashes it is the same code", async () => {
    const { cookie, secret, recoveryCodes } = await enrolled();
    const code = recoveryCodes[0] ?? "";
    expect((await disable(cookie, code.toUpperCase().replaceAll("-", " "))).status).toBe(204);
    // On again (a new secret, new codes): the old app and the old code are both dead.
    const again = await enrolTotp(url, cookie);
    secretsSeen.push(again.secret, ...again.recoveryCodes);
    expect((await disable(cookie, code)).status).toBe(400);
    expect((await disable(cookie, totpCode(secret, 1))).status).toBe(400);
  });
});

describe("wrong codes run out", () => {
  it("the sixth wrong code in a row answers 429, and then even the right code is refused", async () => {
    const { user, cookie, secret, recoveryCodes } = await enrolled();
    const right = totpCode(secret, 1);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await disable(cookie, wrong)).status).toBe(400);
    const sixth = await disable(cookie, wrong);
    expect(sixth.status).toBe(429);
    expect((await errorEnvelope(sixth)).code).toBe("rate_limited");
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    const stillRefused = await disable(cookie, right);
    expect(stillRefused.status).toBe(429);
    expect((await userRow(user.id)).totpEnabledAt).not.toBeNull();
    // And a recovery code does not get around it either.
    expect((await disable(cookie, recoveryCodes[0] ?? "")).status).toBe(429);
  });

  it("guessing the confirmation code is budgeted the same way", async () => {
    const { cookie } = await signUpAndSignIn(url);
    const { data } = (await (await start(cookie)).json()) as { data: { secret: string } };
    secretsSeen.push(data.secret);
    const right = totpCode(data.secret);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await confirm(cookie, wrong)).status).toBe(400);
    expect((await confirm(cookie, wrong)).status).toBe(429);
    expect((await confirm(cookie, right)).status).toBe(429);
  });
});

describe("new recovery codes", () => {
  it("replace the old ones, once a second factor exists", async () => {
    const fresh = await signUpAndSignIn(url);
    const none = await api(url, "/api/v1/account/two-factor/recovery-codes", { method: "POST", cookie: fresh.cookie });
    expect(none.status).toBe(409);

    const { cookie, recoveryCodes } = await enrolled();
    const renewed = await api(url, "/api/v1/account/two-factor/recovery-codes", { method: "POST", cookie });
    expect(renewed.status).toBe(201);
    const { data } = (await renewed.json()) as { data: { recovery_codes: string[] } };
    secretsSeen.push(...data.recovery_codes);
    expect(data.recovery_codes).toHaveLength(10);
    for (const old of recoveryCodes) expect(data.recovery_codes).not.toContain(old);
    expect((await disable(cookie, recoveryCodes[0] ?? "")).status).toBe(400);
    expect((await disable(cookie, data.recovery_codes[0] ?? "")).status).toBe(204);
    const actions = (await auditActions(cookie)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.mfa_enabled", "auth.recovery_codes_regenerated", "auth.recovery_code_used", "auth.mfa_disabled"]));
  });
});

describe("a stolen, idle session cannot change the second factor", () => {
  const servers = ownServers();

  it("every change needs a recent proof of identity (403 reauthentication_required); the status can still be read", async () => {
    // A window of 1.2 s: the sign-in proves identity, then it lapses.
    const own = await servers.start({ env: { REAUTH_WINDOW_MINUTES: "0.02" } });
    const { cookie } = await signUpAndSignIn(own.url);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const attempts = [
      api(own.url, "/api/v1/account/two-factor/totp", { method: "POST", cookie }),
      api(own.url, "/api/v1/account/two-factor/totp/confirm", { cookie, json: { code: "123456" } }),
      api(own.url, "/api/v1/account/two-factor/totp", { method: "DELETE", cookie, json: { code: "123456" } }),
      api(own.url, "/api/v1/account/two-factor/recovery-codes", { method: "POST", cookie }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect((await errorEnvelope(response)).code).toBe("reauthentication_required");
    }
    expect((await api(own.url, "/api/v1/account/two-factor", { cookie })).status).toBe(200);
  });
});

describe("secrets stay out of the log", () => {
  it("no secret or recovery code shown in this file appears in the server's log", () => {
    expect(secretsSeen.length).toBeGreaterThan(20);
    const log = server.log();
    for (const secret of secretsSeen) expect(log).not.toContain(secret);
  });
});
