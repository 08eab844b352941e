// Several production instances sharing one PostgreSQL database and one Redis: limits,
// revocation and usage exact across all of them, and a Redis outage that costs no request.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl, type TestDatabase } from "../support/database";
import { postToGithubEndpoint, signedDelivery, type GithubSigner } from "../support/github-signing";
import { createKey, listKeys, withKey } from "../support/keys";
import { createTestRedis, redisServerAvailable, type TestRedis } from "../support/redis-server";
import { startServer, type RunningServer } from "../support/server";

const postgresUrl = await reachablePostgresUrl("the scale-out tests");
const missing = [
  ...(postgresUrl ? [] : ["PostgreSQL (set TEST_DATABASE_URL)"]),
  ...(redisServerAvailable() ? [] : ["redis-server (apt-get install redis-server)"]),
];
if (missing.length > 0) console.warn(`Skipping the scale-out tests: they need ${missing.join(" and ")}.`);

const SECRET = "scale-out-test-secret-0123456789-abcdefghijklmnop";

describe.skipIf(missing.length > 0)(`two instances on PostgreSQL and Redis${missing.length ? ` (skipped: needs ${missing.join(", ")})` : ""}`, () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let a: RunningServer;
  let b: RunningServer;
  // GitHub's secret-scanning signing key, as far as these instances know.
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const signer: GithubSigner = { identifier: "scale-out-key", privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
  const publicKeys = JSON.stringify({ public_keys: [{ key_identifier: signer.identifier, key: pair.publicKey.export({ type: "spki", format: "pem" }), is_current: true }] });

  function instanceEnv() {
    return { DATABASE_URL: database.url, REDIS_URL: redis.url, NEXTAUTH_SECRET: SECRET, GITHUB_SECRET_SCANNING_PUBLIC_KEYS: publicKeys };
  }

  beforeAll(async () => {
    if (!postgresUrl) throw new Error("unreachable: skipped without PostgreSQL");
    database = await createTestDatabase(postgresUrl);
    redis = await createTestRedis();
    a = await startServer({ env: instanceEnv() });
    b = await startServer({ env: instanceEnv() });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  it("2 × limit requests alternating between the instances: exactly limit succeed", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-shared-limit" });
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await withKey(i % 2 === 0 ? a.url : b.url, "/api/v1/me", data.key)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60);
  });

  it("a revoke through instance A: instance B refuses the key within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-revoke-everywhere" });
    // B has verified (and cached) the key before the revoke.
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    const revoked = await api(a.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie });
    expect(revoked.status).toBe(200);
    const answered = Date.now();
    let status = 200;
    while (Date.now() - answered < 3000) {
      status = (await withKey(b.url, "/api/v1/me", data.key)).status;
      if (status === 401) break;
    }
    const elapsed = Date.now() - answered;
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });

  it("an allowlist narrowed through instance A: instance B refuses the key from elsewhere within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-narrowed-everywhere" });
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    // These instances see every request from 127.0.0.1; the key is narrowed to another address.
    const narrowed = await api(a.url, `/api/v1/keys/${data.id}`, { method: "PATCH", cookie, json: { allowed_ips: ["203.0.113.7"] } });
    expect(narrowed.status).toBe(200);
    const { status, elapsed } = await refusedOnB(data.key, Date.now());
    expect(status).toBe(403);
    expect(elapsed).toBeLessThan(1000);
  });

  it("a GitHub secret-scanning alert received by instance A: instance B refuses the leaked key within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-leaked-everywhere" });
    // B has verified (and cached) the key before the alert.
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    const delivery = signedDelivery(signer, JSON.stringify([{ token: data.key, type: "soc_api_key", url: "https://github.com/octo/leaky/blob/main/.env", source: "content" }]));
    const response = await postToGithubEndpoint(a.url, delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject([{ label: "true_positive" }]);
    const { status, elapsed } = await refusedOnB(data.key, Date.now());
    console.log(`[leaks] instance B refused the leaked key ${elapsed} ms after A answered GitHub`);
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });

  /**
   * Polls instance B with the key (paced to stay under its per-minute limit) until it is no longer
   * served; resolves with that status and how long after `since` it came.
   */
  async function refusedOnB(key: string, since: number): Promise<{ status: number; elapsed: number }> {
    let status = 200;
    while (status === 200 && Date.now() - since < 2000) {
      status = (await withKey(b.url, "/api/v1/me", key)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 40));
    }
    return { status, elapsed: Date.now() - since };
  }

  it("B's reading connection killed (CLIENT KILL) as the key is revoked on A: B catches up and refuses the key within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-revoke-while-b-reconnects" });
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    // Only B's connection that hears about key changes; its command connection stays up.
    expect(await redis.killConnections(`:${b.pid}:key-events`)).toBe(1);
    // B serves (and caches) the still-valid key while it is away, then the revoke lands.
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    expect((await api(a.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
    const { status, elapsed } = await refusedOnB(data.key, Date.now());
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });

  it("A's command connection killed (CLIENT KILL) just before the revoke and kept out for 0.3 s: the publish is retried and B refuses the key within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-revoke-while-a-reconnects" });
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    // A cannot reach Redis when the revoke publishes; B's reader never notices anything.
    const outage = await redis.killAndKeepOut(`:${a.pid}:commands`);
    expect(outage.killed).toBe(1);
    const revoke = api(a.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await outage.letBackIn();
    expect((await revoke).status).toBe(200);
    const { status, elapsed } = await refusedOnB(data.key, Date.now());
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });

  it("B away while more changes than the stream holds are appended: on return B forgets its whole cache and refuses the revoked key", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-revoke-trimmed-away" });
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    const outage = await redis.killAndKeepOut(`:${b.pid}:key-events`);
    try {
      expect(outage.killed).toBe(1);
      // While B's reader is away: B serves (and caches) the key, the key is revoked, and more
      // changes than the stream keeps (about 10,000) push the revoke out of it.
      expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
      expect((await api(a.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
      await outage.admin.eval("for i = 1, 12000 do redis.call('XADD', KEYS[1], 'MAXLEN', '~', 10000, '*', 'key', 'another-key') end", 1, "soc:api-keys:changes");
    } finally {
      await outage.letBackIn();
    }
    const deadline = Date.now() + 5000;
    while (!b.log().includes("changes were trimmed from the stream") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(b.log()).toContain("[redis] key-change reader: changes were trimmed from the stream while it was away; dropped every cached key.");
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(401);
  });

  it("N requests spread over both, then both stop: total_requests is exactly N", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-usage-everywhere" });
    const n = 45;
    const statuses = await Promise.all(Array.from({ length: n }, (_, i) => withKey(i % 3 === 0 ? a.url : b.url, "/api/v1/me", data.key).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
    a = await startServer({ env: instanceEnv() });
    b = await startServer({ env: instanceEnv() });
    // The session cookie outlives the restart: both instances share the secret.
    const key = (await listKeys(a.url, cookie)).find((k) => k.id === data.id);
    expect(key?.total_requests).toBe(n);
  });

  it("Redis stopped mid-run: no 500s, health says degraded, and limits are exact again after it restarts", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const before = await createKey(a.url, cookie, { name: "prod-during-outage" });
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await withKey(i % 2 === 0 ? a.url : b.url, "/api/v1/me", before.data.key)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Management keeps working too, and a revoke still takes effect on the other instance.
    const during = await createKey(b.url, cookie, { name: "prod-created-in-outage" });
    expect((await withKey(a.url, "/api/v1/me", during.data.key)).status).toBe(200);
    expect((await api(b.url, `/api/v1/keys/${during.data.id}`, { method: "DELETE", cookie })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await withKey(a.url, "/api/v1/me", during.data.key);
    expect(refused.status).toBe(401);
    expect((await errorEnvelope(refused)).code).toBe("key_revoked");
    for (const server of [a, b]) {
      const health = await fetch(new URL("/api/health", server.url));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "degraded", degraded: ["redis"] });
    }
    // Said once, not once per request.
    const lossLines = a.log().split("\n").filter((line) => line.includes("[redis] command connection unreachable"));
    expect(lossLines.length).toBeGreaterThanOrEqual(1);
    expect(lossLines.length).toBeLessThanOrEqual(2);

    await redis.start();
    for (const server of [a, b]) {
      const deadline = Date.now() + 15_000;
      let body: unknown = null;
      while (Date.now() < deadline) {
        body = await (await fetch(new URL("/api/health", server.url))).json();
        if ((body as { status: string }).status === "ok") break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(body).toEqual({ status: "ok" });
    }
    const after = await createKey(a.url, cookie, { name: "prod-after-outage" });
    const afterStatuses: number[] = [];
    for (let i = 0; i < 120; i++) afterStatuses.push((await withKey(i % 2 === 0 ? a.url : b.url, "/api/v1/me", after.data.key)).status);
    expect(afterStatuses.filter((s) => s === 200)).toHaveLength(60);
    expect(afterStatuses.filter((s) => s >= 500)).toHaveLength(0);
    expect(a.log() + b.log()).not.toMatch(/unhandled error/);
  });
});
