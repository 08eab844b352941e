// A cached key is never waited on: past its refresh age it is still served while one background
// read refreshes it. Shown on a server whose cache lifetime is cut to 4 s (KEY_CACHE_TTL_MS), so
// several refresh ages pass in a few seconds, and counted from its log (KEY_LOOKUP_LOG=1 prints a
// line per database look-up, marked when a background refresh made it): a key used all along is
// read by a request once (its first use) and after that only in the background, at most once per
// refresh interval. And serving stale gives a revoked key no extra life: the request after the
// revoke answers 401.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createKey, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

const TTL_MS = 4_000;
/** lib/keys/verify.ts refreshes an entry between half and three quarters of its lifetime. */
const MIN_REFRESH_AGE_MS = TTL_MS / 2;
const RUN_MS = 10_000;
const CONCURRENCY = 4;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    env: {
      KEY_LOOKUP_LOG: "1",
      KEY_CACHE_TTL_MS: String(TTL_MS),
      REDIS_URL: undefined,
      TIER_LIMITS: JSON.stringify({ free: { perMinute: 1_000_000, perDay: 1_000_000 } }),
    },
  });
});
afterAll(async () => {
  await server?.stop();
});

function lookups(keyId: string): { waited: number; background: number } {
  const lines = server
    .log()
    .split("\n")
    .filter((line) => line.startsWith("[keys] database look-up:") && line.includes(`key=${keyId}`));
  const background = lines.filter((line) => line.includes("(background refresh)")).length;
  return { waited: lines.length - background, background };
}

describe("a live key across several refresh ages", () => {
  it("is read by a request only on first use, then refreshed in the background at most once per refresh interval; a revoke still takes effect on the next request", async () => {
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "always-busy" });

    const statuses = new Map<number, number>();
    const started = Date.now();
    const worker = async () => {
      while (Date.now() - started < RUN_MS) {
        const response = await withKey(server.url, "/api/v1/me", data.key);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedMs = Date.now() - started;
    const answered = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    const { waited, background } = lookups(data.id);
    console.log(`${answered} answers in ${(elapsedMs / 1000).toFixed(1)} s with a ${TTL_MS} ms cache lifetime: ${waited} look-up(s) a request waited for, ${background} background refresh(es)`);

    expect([...statuses.keys()]).toEqual([200]);
    // Only the very first use waited for the database; every later read was a background refresh.
    expect(waited).toBe(1);
    // The entry never outlived its lifetime unrefreshed (that would have made a request wait),
    // and was not read more than once per refresh interval.
    expect(background).toBeGreaterThanOrEqual(Math.floor(elapsedMs / TTL_MS));
    expect(background).toBeLessThanOrEqual(Math.floor(elapsedMs / MIN_REFRESH_AGE_MS) + 1);
    expect(answered).toBeGreaterThan(10 * (waited + background));

    // Exactness: a revoke drops the entry at once; no stale answer after it.
    expect((await api(server.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
    const refused = await withKey(server.url, "/api/v1/me", data.key);
    expect(refused.status).toBe(401);
    expect((await errorEnvelope(refused)).code).toBe("key_revoked");
  }, 60_000);
});
