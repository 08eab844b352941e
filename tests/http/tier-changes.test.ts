// A tier move (npm run account:tier, a separate process writing the database) reaches every
// running instance at once: the next request sees the new tier, its scopes and its limits, within
// 2 seconds, whatever the instance had cached. And the limiter's counters survive the move: a pro
// key that has spent more this minute than the free tier allows is refused as soon as it is free,
// and a key moved up keeps its count. Once on the embedded default (SQLite, no Redis), once on two
// instances sharing PostgreSQL and Redis. The propagation times are printed, not asserted tightly.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorEnvelope, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl, type TestDatabase } from "../support/database";
import { createKey, withKey } from "../support/keys";
import { createTestRedis, redisServerAvailable, type TestRedis } from "../support/redis-server";
import { startServer, type RunningServer } from "../support/server";

/** Free's minute limit below the 500 the heavy key spends as pro; both far from the day limits. */
const LIMITS = { free: { perMinute: 200, perDay: 100_000 }, pro: { perMinute: 1_000, perDay: 100_000 } };
const HEAVY_USE = 500;
const PROPAGATION_BUDGET_MS = 2_000;
const POLL_EVERY_MS = 50;

type Me = { tier: string; scopes: string[]; rate_limits: { minute: { limit: number; remaining: number } } };

/**
 * npm run account:tier as an operator runs it: its own process, given only the database (and,
 * when `redisUrl` is set, Redis). Resolves when the process has exited, with how long it took.
 */
async function accountTier(env: { DATABASE_URL: string; REDIS_URL?: string }, email: string, tier: "free" | "pro"): Promise<number> {
  const started = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (env.REDIS_URL === undefined) delete childEnv.REDIS_URL;
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "account:tier", "--", email, tier], { env: childEnv });
  expect(stdout).toContain(`now on the ${tier} tier`);
  return Date.now() - started;
}

async function me(baseUrl: string, key: string): Promise<{ status: number; me: Me | null }> {
  const response = await withKey(baseUrl, "/api/v1/me", key);
  if (response.status !== 200) {
    await response.arrayBuffer();
    return { status: response.status, me: null };
  }
  return { status: 200, me: ((await response.json()) as { data: Me }).data };
}

/** Asks `baseUrl` with the key until it answers as `tier`; every answer's minute count is kept. */
async function untilTier(baseUrl: string, key: string, tier: "free" | "pro", since: number, consumed: number[]): Promise<{ elapsed: number; me: Me }> {
  for (;;) {
    const answer = await me(baseUrl, key);
    expect(answer.status).toBe(200);
    const seen = answer.me as Me;
    consumed.push(seen.rate_limits.minute.limit - seen.rate_limits.minute.remaining);
    if (seen.tier === tier) return { elapsed: Date.now() - since, me: seen };
    if (Date.now() - since > 5 * PROPAGATION_BUDGET_MS) throw new Error(`${baseUrl} still answers ${seen.tier} ${Date.now() - since} ms after the move to ${tier}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

/** Spends `count` requests of the key, spread over the servers, all served. */
async function spend(urls: string[], key: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const response = await withKey(urls[index % urls.length] as string, "/api/v1/me", key);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function expectRefusedAtFreeLimit(baseUrl: string, key: string): Promise<void> {
  const response = await withKey(baseUrl, "/api/v1/me", key);
  expect(response.status).toBe(429);
  expect(response.headers.get("x-ratelimit-limit")).toBe(String(LIMITS.free.perMinute));
  expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
  const error = await errorEnvelope(response);
  expect(error.code).toBe("rate_limited");
  expect(error.details).toMatchObject({ window: "minute", limit: LIMITS.free.perMinute });
}

async function expectNoUsageScope(baseUrl: string, key: string): Promise<void> {
  const response = await withKey(baseUrl, "/api/v1/usage", key);
  expect(response.status).toBe(403);
  expect((await errorEnvelope(response)).code).toBe("insufficient_scope");
}

/** Each answer counted exactly one more request than the one before, across the tier move. */
function expectCountedOnwards(consumed: number[]): void {
  for (let i = 1; i < consumed.length; i++) expect(consumed[i], `answer ${i} of ${JSON.stringify(consumed)}`).toBe((consumed[i - 1] as number) + 1);
}

/**
 * The whole story on the given servers: a pro account with a heavy key (500 used this minute) and
 * a light one, both cached everywhere; moved down, then up again.
 */
async function tierMoveStory(servers: RunningServer[], label: string, down: (email: string) => Promise<number>, up: (email: string) => Promise<number>): Promise<void> {
  const urls = servers.map((server) => server.url);
  const [first] = servers as [RunningServer];
  const { user, cookie } = await signUpAndSignIn(first.url);
  // The account starts pro (through the same script), before its keys exist.
  await up(user.email);
  const heavy = (await createKey(first.url, cookie, { name: "heavy-integration" })).data;
  const light = (await createKey(first.url, cookie, { name: "light-integration" })).data;
  expect(heavy.tier).toBe("pro");
  await spend(urls, heavy.key, HEAVY_USE);
  for (const url of urls) {
    const answer = await me(url, light.key);
    expect(answer.me?.tier).toBe("pro");
    expect(answer.me?.scopes).toContain("usage:read");
    expect((await withKey(url, "/api/v1/usage", light.key)).status).toBe(200);
  }

  // Down to free: every server sees it at once, and the heavy key's 500 are over free's 200.
  const downMs = await down(user.email);
  const movedAt = Date.now();
  for (const url of urls) {
    const consumed: number[] = [];
    const { elapsed, me: seen } = await untilTier(url, light.key, "free", movedAt, consumed);
    console.log(`[${label}] downgrade seen on ${url} ${elapsed} ms after account:tier returned (the script took ${downMs} ms)`);
    expect(elapsed).toBeLessThan(PROPAGATION_BUDGET_MS);
    expect(seen.scopes).toEqual(["audit:read", "keys:read"]);
    expect(seen.rate_limits.minute.limit).toBe(LIMITS.free.perMinute);
    expectCountedOnwards(consumed);
    await expectNoUsageScope(url, light.key);
    await expectRefusedAtFreeLimit(url, heavy.key);
  }

  // Up to pro again: the counts carry over (the heavy key's 500 are still spent this minute).
  const upMs = await up(user.email);
  const upAt = Date.now();
  for (const url of urls) {
    const consumed: number[] = [];
    const { elapsed, me: seen } = await untilTier(url, light.key, "pro", upAt, consumed);
    console.log(`[${label}] upgrade seen on ${url} ${elapsed} ms after account:tier returned (the script took ${upMs} ms)`);
    expect(elapsed).toBeLessThan(PROPAGATION_BUDGET_MS);
    expect(seen.scopes).toContain("usage:read");
    expect(seen.rate_limits.minute.limit).toBe(LIMITS.pro.perMinute);
    expectCountedOnwards(consumed);
    expect((await withKey(url, "/api/v1/usage", light.key)).status).toBe(200);
    // The light key may have seen the move through its own re-read before this instance's change
    // poll (every second) forgot the account's other keys: the heavy key must see it within the
    // same 2 s of the move, not necessarily on the light key's request.
    let heavyNow = await me(url, heavy.key);
    while (heavyNow.status === 429 && Date.now() - upAt < PROPAGATION_BUDGET_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      heavyNow = await me(url, heavy.key);
    }
    expect(heavyNow.status).toBe(200);
    // 500 spent as pro, refused (and refunded) while free, so the next is the 501st.
    expect(heavyNow.me?.rate_limits.minute.limit).toBe(LIMITS.pro.perMinute);
    expect(heavyNow.me?.rate_limits.minute.remaining).toBeLessThanOrEqual(LIMITS.pro.perMinute - HEAVY_USE - 1);
  }
}

describe("one instance on the embedded default (SQLite, no Redis)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { REDIS_URL: undefined, TIER_LIMITS: JSON.stringify(LIMITS) } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("account:tier down and up: the next request sees the new tier, scopes and limits within 2 s, and the counts carry over", async () => {
    const env = { DATABASE_URL: `file:${path.join(server.dataDir, "app.db")}` };
    await tierMoveStory([server], "sqlite", (email) => accountTier(env, email, "free"), (email) => accountTier(env, email, "pro"));
  });
});

const postgresUrl = await reachablePostgresUrl("the two-instance tier-change tests");
const missing = [...(postgresUrl ? [] : ["PostgreSQL"]), ...(redisServerAvailable() ? [] : ["redis-server"])];

describe.skipIf(missing.length > 0)(`two instances on PostgreSQL and Redis${missing.length ? ` (skipped: needs ${missing.join(", ")})` : ""}`, () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    if (!postgresUrl) throw new Error("unreachable: skipped without PostgreSQL");
    database = await createTestDatabase(postgresUrl);
    redis = await createTestRedis();
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, NEXTAUTH_SECRET: "tier-changes-test-secret-0123456789-abcdefghijkl", TIER_LIMITS: JSON.stringify(LIMITS) };
    // One after the other: both would run the migrations of the fresh database at once.
    servers = [await startServer({ env }), await startServer({ env })];
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
    await database?.drop();
  });

  it("account:tier with Redis (down) and without (up): both instances see the new tier, scopes and limits within 2 s, and the shared counts carry over", async () => {
    await tierMoveStory(
      servers,
      "postgresql+redis",
      (email) => accountTier({ DATABASE_URL: database.url, REDIS_URL: redis.url }, email, "free"),
      // An operator's shell without REDIS_URL: the database alone must carry the change.
      (email) => accountTier({ DATABASE_URL: database.url }, email, "pro"),
    );
  });
});
