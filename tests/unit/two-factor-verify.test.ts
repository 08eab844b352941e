// verifySecondFactorCode, the check sign-in and re-authentication call, on a real (migrated)
// SQLite database in this process: an app code is accepted once however many checks race for it,
// an older code dies once a newer one was used, a recovery code is used up once with one event,
// and the sixth wrong code in a row is "throttled" even when the right one follows.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "soc-2fa-unit-"));
const env = { DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "app.db")}`, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };

type Modules = {
  db: typeof import("@/lib/db").db;
  verify: typeof import("@/lib/two-factor/verify-code").verifySecondFactorCode;
  box: typeof import("@/lib/two-factor/secret-box").totpSecretBox;
  issue: typeof import("@/lib/two-factor/recovery-codes").issueRecoveryCodes;
};
let m: Modules;

beforeAll(async () => {
  const migrated = spawnSync(process.execPath, ["scripts/migrate.mjs"], { cwd: ROOT, env: { ...process.env, ...env, REDIS_URL: "" }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  Object.assign(process.env, env);
  delete process.env.REDIS_URL;
  m = {
    db: (await import("@/lib/db")).db,
    verify: (await import("@/lib/two-factor/verify-code")).verifySecondFactorCode,
    box: (await import("@/lib/two-factor/secret-box")).totpSecretBox,
    issue: (await import("@/lib/two-factor/recovery-codes")).issueRecoveryCodes,
  };
}, 60_000);

afterAll(async () => {
  await m?.db().$disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

const codeAt = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: Date.now() + offsetSteps * 30_000 });

/** A user with the app on and ten recovery codes, written as the enrolment would. */
async function userWithApp() {
  const secret = new Secret({ size: 20 }).base32;
  const account = await m.db().account.create({ data: {} });
  const id = randomUUID();
  const user = await m.db().user.create({
    data: { id, email: `u-${id}@example.test`, passwordHash: "x", accountId: account.id, totpSecret: m.box().seal(secret, id), totpEnabledAt: new Date() },
  });
  const codes = await m.db().$transaction((tx) => m.issue(tx, user.id));
  return { user: { id: user.id, email: user.email, accountId: account.id }, secret, codes };
}

const check = (user: { id: string; email: string; accountId: string }, code: string, address = `10.0.0.${Math.floor(Math.random() * 250)}`) =>
  m.verify({ user, code, address, userAgent: "vitest" });

describe("verifySecondFactorCode", () => {
  it("ten checks of one app code at once: exactly one is accepted", async () => {
    const { user, secret } = await userWithApp();
    const code = codeAt(secret);
    const results = await Promise.all(Array.from({ length: 10 }, () => check(user, code)));
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, method: "totp" }]);
    // Afterwards the code is still refused (the racing checks also spent the user's budget).
    expect((await check(user, code)).ok).toBe(false);
  });

  it("an older code is refused once a newer one was used; spaces are fine", async () => {
    const { user, secret } = await userWithApp();
    const next = codeAt(secret, 1);
    expect(await check(user, `${next.slice(0, 3)} ${next.slice(3)}`)).toEqual({ ok: true, method: "totp" });
    expect(await check(user, codeAt(secret))).toEqual({ ok: false, reason: "wrong" });
  });

  it("ten checks of one recovery code at once: used up once, with one event naming what is left", async () => {
    const { user, codes } = await userWithApp();
    const results = await Promise.all(Array.from({ length: 10 }, () => check(user, codes[0] ?? "")));
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, method: "recovery_code" }]);
    const events = await m.db().auditEvent.findMany({ where: { accountId: user.accountId, action: "auth.recovery_code_used" } });
    expect(events.map((event) => JSON.parse(event.metadata ?? "null"))).toEqual([{ remaining: 9 }]);
    expect(events[0]).toMatchObject({ actorUserId: user.id, userAgent: "vitest" });
  });

  it("one user's recovery code or app code does nothing for another user", async () => {
    const a = await userWithApp();
    const b = await userWithApp();
    expect(await check(b.user, a.codes[0] ?? "")).toEqual({ ok: false, reason: "wrong" });
    expect(await check(b.user, codeAt(a.secret))).toEqual({ ok: false, reason: "wrong" });
  });

  it("without the app on, a 6-digit code is wrong even if it matches a leftover secret", async () => {
    const { user, secret } = await userWithApp();
    await m.db().user.update({ where: { id: user.id }, data: { totpEnabledAt: null } });
    expect(await check(user, codeAt(secret))).toEqual({ ok: false, reason: "wrong" });
  });

  it("the sixth wrong code in a row is throttled, and so is the right one after it", async () => {
    const { user, secret } = await userWithApp();
    const right = codeAt(secret);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect(await check(user, wrong)).toEqual({ ok: false, reason: "wrong" });
    expect(await check(user, wrong)).toEqual({ ok: false, reason: "throttled" });
    expect(await check(user, right)).toEqual({ ok: false, reason: "throttled" });
  });

  it("one address guessing across many users runs out at 30", async () => {
    const address = "192.0.2.77";
    const users = await Promise.all(Array.from({ length: 7 }, () => userWithApp()));
    let wrongs = 0;
    for (const { user } of users) {
      for (let i = 0; i < 5 && wrongs < 30; i++, wrongs++) expect((await check(user, "999999", address)).ok).toBe(false);
    }
    const last = users[6];
    if (!last) throw new Error("no user");
    expect(await check(last.user, codeAt(last.secret), address)).toEqual({ ok: false, reason: "throttled" });
    // From another address the same user still gets in.
    expect(await check(last.user, codeAt(last.secret), "192.0.2.78")).toEqual({ ok: true, method: "totp" });
  });
});
