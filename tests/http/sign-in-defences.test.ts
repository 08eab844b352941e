// Password guessing and floods, each on servers of their own (their budgets are server-wide):
// the throttle takes its point before the password is checked, atomically, on one instance and
// across instances sharing Redis; bcrypt runs off the event loop in a bounded pool; sign-ups are
// limited per address and in total. Password checks are counted from the server's log line
// `[sign-in] outcome=… password_checked=yes|no`, never guessed.
import { describe, expect, it } from "vitest";
import { api, cookiePairs, errorEnvelope, signIn, signUp, signUpAndSignIn, uniqueEmail } from "../support/client";
import { createTestDatabase, reachablePostgresUrl } from "../support/database";
import { createKey, withKey } from "../support/keys";
import { createTestRedis, redisServerAvailable } from "../support/redis-server";
import { ownServers } from "../support/own-servers";
import type { RunningServer } from "../support/server";

const postgresUrl = await reachablePostgresUrl("the two-instance sign-in throttle test");
const own = ownServers();

function ownServer(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  return own.start({ env });
}

function signInLines(...servers: RunningServer[]): string[] {
  return servers.flatMap((server) => server.log().split("\n").filter((line) => line.startsWith("[sign-in] outcome=")));
}

const passwordChecks = (...servers: RunningServer[]) => signInLines(...servers).filter((line) => line.includes("password_checked=yes")).length;

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("Timed out waiting for the condition.");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * 40 wrong passwords for one email at once; once the server has refused one as throttled (so the
 * budget is spent while most are still waiting for bcrypt), the right password is sent.
 */
async function guessInParallel(servers: RunningServer[]) {
  const first = servers[0] as RunningServer;
  const user = await signUp(first.url);
  const wrong = Array.from({ length: 40 }, (_, i) => signIn((servers[i % servers.length] as RunningServer).url, user.email, `wrong password ${i}`));
  await until(() => signInLines(...servers).some((line) => line.includes("outcome=throttled")));
  const right = await signIn((servers.at(-1) as RunningServer).url, user.email, user.password);
  const results = await Promise.all(wrong);
  return { right, results };
}

// Room for all 41 attempts in the hashing queue, so none is refused at the door as busy and every
// refusal below is the throttle's.
const ROOM_FOR_ALL = { PASSWORD_HASH_QUEUE: "64" };

describe("guessing in parallel", () => {
  it("one instance: 40 wrong passwords at once and the right one while they are in flight: the right one is refused, at most 5 passwords checked", async () => {
    const server = await ownServer(ROOM_FOR_ALL);
    const { right, results } = await guessInParallel([server]);
    expect(results.every((result) => !result.ok)).toBe(true);
    expect(right.ok).toBe(false);
    expect(right.status).toBe(401);
    const checks = passwordChecks(server);
    console.info(`[sign-in defences] one instance: ${checks} of 41 attempts had their password checked`);
    expect(checks).toBeLessThanOrEqual(5);
    // Every attempt but the checked ones, the right one included, was refused by the throttle.
    expect(signInLines(server).filter((line) => line.includes("outcome=throttled"))).toHaveLength(41 - checks);
  });

  it.runIf(postgresUrl && redisServerAvailable())("two instances on PostgreSQL + Redis: the same, with the attempts split between them", async () => {
    const database = await createTestDatabase(postgresUrl as string);
    own.defer(() => database.drop());
    const redis = await createTestRedis();
    own.defer(() => redis.stop());
    const env = { ...ROOM_FOR_ALL, DATABASE_URL: database.url, REDIS_URL: redis.url, NEXTAUTH_SECRET: "sign-in-defences-secret-0123456789-abcdefghij" };
    const servers = [await ownServer(env), await ownServer(env)];
    const { right, results } = await guessInParallel(servers);
    expect(results.every((result) => !result.ok)).toBe(true);
    expect(right.ok).toBe(false);
    const checks = passwordChecks(...servers);
    console.info(`[sign-in defences] two instances: ${checks} of 41 attempts had their password checked`);
    expect(checks).toBeLessThanOrEqual(5);
    expect(signInLines(...servers).filter((line) => line.includes("outcome=throttled"))).toHaveLength(41 - checks);
    // Both instances took part: the budget was shared, not per instance.
    for (const server of servers) expect(signInLines(server).length).toBeGreaterThan(0);
  });
});

describe("a flood of sign-ins", () => {
  it("200 at once with random emails from 200 addresses: health and a Bearer request still answer quickly, and the excess is refused as busy", async () => {
    // Behind one trusted proxy, so each attempt comes from its own address, as in a distributed attack:
    // the per-address throttle alone cannot stop it; the bounded hashing pool must.
    const server = await ownServer({ TRUST_PROXY_HOPS: "1", TIER_LIMITS: JSON.stringify({ free: { perMinute: 100_000, perDay: 1_000_000 } }) });
    const { cookie } = await signUpAndSignIn(server.url);
    const { data: key } = await createKey(server.url, cookie, { name: "flood-probe" });

    // An attacker fetches one CSRF pair and reuses it: 200 credential posts at once.
    const csrf = await fetch(new URL("/api/auth/csrf", server.url));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = cookiePairs(csrf.headers.getSetCookie());
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const response = await fetch(new URL("/api/auth/callback/credentials", server.url), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: server.url, "x-forwarded-for": `198.51.${Math.floor(i / 250)}.${i % 250}` },
          body: new URLSearchParams({ csrfToken, email: uniqueEmail("flood"), password: "not a real password", json: "true" }),
          redirect: "manual",
        });
        return { status: response.status, body: await response.text(), ok: response.headers.getSetCookie().some((line) => line.startsWith("next-auth.session-token=")) };
      }),
    ).finally(() => (flooding = false));

    const timings: { health: number[]; me: number[] } = { health: [], me: [] };
    while (flooding) {
      let started = performance.now();
      expect((await fetch(new URL("/api/health", server.url))).status).toBe(200);
      timings.health.push(performance.now() - started);
      started = performance.now();
      expect((await withKey(server.url, "/api/v1/me", key.key)).status).toBe(200);
      timings.me.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const results = await flood;
    const outcomes = signInLines(server).map((line) => /outcome=(\w+)/.exec(line)?.[1]);
    const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `n=${sorted.length} p50=${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms max=${sorted.at(-1)?.toFixed(1)} ms`;
    };
    console.info(`[sign-in defences] flood: health ${summary(timings.health)}; Bearer /me ${summary(timings.me)}; ` +
      `attempts: ${count("refused")} checked, ${count("busy")} refused as busy, ${count("throttled")} throttled`);

    const atTheDoor = results.filter((result) => result.status === 503);
    console.info(`[sign-in defences] flood: ${atTheDoor.length} of 200 refused at the door (503), ${results.length - atTheDoor.length} reached next-auth`);
    expect(results.every((result) => !result.ok)).toBe(true);
    // Refused as busy, before any work, with next-auth's own answer shape and a fixed code.
    expect(atTheDoor.length).toBeGreaterThan(0);
    const { url } = JSON.parse(atTheDoor[0]?.body ?? "{}") as { url: string };
    expect(new URL(url).searchParams.get("error")).toBe("SignInBusy");
    expect(server.log()).toMatch(/\[passwords\] busy: \d+ password request\(s\) refused at the door/);
    // The target is 250 ms; only a gross breach fails here (a shared, noisy machine): see the printed figures.
    expect(Math.max(...timings.health)).toBeLessThan(1000);
    expect(Math.max(...timings.me)).toBeLessThan(1000);
    expect(timings.health.length).toBeGreaterThan(3);
  });
});

describe("sign-up limits", () => {
  it("per address and in total, each refused with 429 in the envelope and nothing created", async () => {
    const server = await ownServer({ TRUST_PROXY_HOPS: "1", SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR: "3", SIGNUP_LIMIT_PER_HOUR: "5" });
    const from = (address: string, email = uniqueEmail("limit")) =>
      api(server.url, "/api/v1/signup", { json: { email, password: "correct horse battery staple" }, headers: { "x-forwarded-for": address } });
    for (let i = 0; i < 3; i++) expect((await from("203.0.113.1")).status).toBe(201);
    const refusedEmail = uniqueEmail("refused");
    const perAddress = await from("203.0.113.1", refusedEmail);
    expect(perAddress.status).toBe(429);
    expect(Number(perAddress.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorEnvelope(perAddress)).message).toMatch(/from this address/);
    // Nothing was created: the address cannot sign in.
    expect((await signIn(server.url, refusedEmail, "correct horse battery staple")).ok).toBe(false);

    for (let i = 0; i < 2; i++) expect((await from("203.0.113.2")).status).toBe(201);
    const total = await from("203.0.113.3");
    expect(total.status).toBe(429);
    expect((await errorEnvelope(total)).message).toMatch(/on this service/);
  });
});

describe("the database fails during sign-in", () => {
  it.runIf(postgresUrl)("answers the fixed code SignInUnavailable: no driver message, no password in the log", async () => {
    const database = await createTestDatabase(postgresUrl as string);
    own.defer(() => database.drop());
    const server = await ownServer({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "db-failure-test-secret-0123456789-abcdefghijk" });
    const user = await signUp(server.url);
    expect((await signIn(server.url, user.email, user.password)).ok).toBe(true);
    // The database goes away under the running server (connections killed, then the database itself).
    await database.drop();

    const result = await signIn(server.url, user.email, user.password);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(401);
    const { url } = JSON.parse(result.body) as { url: string };
    expect(new URL(url).searchParams.get("error")).toBe("SignInUnavailable");
    expect(result.body).not.toMatch(/database|does not exist|prisma|ECONNREFUSED|postgres/i);
    const log = server.log();
    expect(log).toContain("[sign-in] failed:");
    expect(log).not.toContain(user.password);
  });
});
