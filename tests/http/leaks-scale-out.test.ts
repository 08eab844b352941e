// Two instances on one PostgreSQL database and one Redis: a GitHub alert received by one makes the
// other refuse the key within a second, as any revoke does (lib/keys/revocation.ts).
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl, type TestDatabase } from "../support/database";
import { postToGithubEndpoint, signedDelivery, type GithubSigner } from "../support/github-signing";
import { createKey, withKey } from "../support/keys";
import { createTestRedis, redisServerAvailable, type TestRedis } from "../support/redis-server";
import { startServer, type RunningServer } from "../support/server";

const postgresUrl = await reachablePostgresUrl("the leak scale-out test");
const missing = [
  ...(postgresUrl ? [] : ["PostgreSQL (set TEST_DATABASE_URL)"]),
  ...(redisServerAvailable() ? [] : ["redis-server (apt-get install redis-server)"]),
];
if (missing.length > 0) console.warn(`Skipping the leak scale-out test: it needs ${missing.join(" and ")}.`);

const SECRET = "leaks-scale-out-secret-0123456789-abcdefghijklmnop";

describe.skipIf(missing.length > 0)(`a leak on two instances (PostgreSQL + Redis)${missing.length ? ` (skipped: needs ${missing.join(", ")})` : ""}`, () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let a: RunningServer;
  let b: RunningServer;
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const signer: GithubSigner = { identifier: "scale-out-key", privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
  const publicKeys = JSON.stringify({ public_keys: [{ key_identifier: signer.identifier, key: pair.publicKey.export({ type: "spki", format: "pem" }), is_current: true }] });

  beforeAll(async () => {
    if (!postgresUrl) throw new Error("unreachable: skipped without PostgreSQL");
    database = await createTestDatabase(postgresUrl);
    redis = await createTestRedis();
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, NEXTAUTH_SECRET: SECRET, GITHUB_SECRET_SCANNING_PUBLIC_KEYS: publicKeys };
    a = await startServer({ env });
    b = await startServer({ env });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  it("an alert received by instance A: instance B refuses the key within 1 second", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-leaked-everywhere" });
    // B has verified (and cached) the key before the alert.
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    expect((await withKey(b.url, "/api/v1/me", data.key)).status).toBe(200);
    const delivery = signedDelivery(signer, JSON.stringify([{ token: data.key, type: "soc_api_key", url: "https://github.com/octo/leaky/blob/main/.env", source: "content" }]));
    const response = await postToGithubEndpoint(a.url, delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject([{ label: "true_positive" }]);
    const answered = Date.now();
    let status = 200;
    while (Date.now() - answered < 3000) {
      status = (await withKey(b.url, "/api/v1/me", data.key)).status;
      if (status === 401) break;
    }
    const elapsed = Date.now() - answered;
    console.log(`[leaks] instance B refused the leaked key ${elapsed} ms after A answered GitHub`);
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });
});
