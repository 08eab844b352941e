// Forged keys: the checksum is a public CRC32, so anyone can mint keys that pass the format check.
// A flood of distinct ones from one address must not turn into a flood of database reads, must
// not push live keys out of the cache, and must not lock out the good keys used from the same
// address. Database reads are counted from the server's log (KEY_LOOKUP_LOG=1 prints one line
// per look-up of a key in the database), never guessed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorEnvelope, signUpAndSignIn } from "../support/client";
import { createKey, forgedKey, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

const FORGERIES = 20_000;
const CONCURRENCY = 16;
/** Every this many forgeries, the live key is used once: ~100 uses spread over the whole flood. */
const LIVE_EVERY = 200;
/** The server's budget of unknown-key refusals per address per minute (lib/ratelimit/unknown-keys.ts). */
const UNKNOWN_PER_MINUTE = 30;
/**
 * The shortest interval at which a found key is read again (lib/keys/verify.ts: refreshed in the
 * background from half its 30 s lifetime on).
 */
const REFRESH_MS = 15_000;

const OFFICE = { "x-forwarded-for": "203.0.113.7" };
const ELSEWHERE = { "x-forwarded-for": "198.51.100.9" };

function lookupLines(server: RunningServer): string[] {
  return server.log().split("\n").filter((line) => line.startsWith("[keys] database look-up:"));
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    env: {
      KEY_LOOKUP_LOG: "1",
      // The address budget in memory, so this flood cannot spend a budget on other servers sharing Redis.
      REDIS_URL: undefined,
      // One proxy in front: the test says which address each request comes from.
      TRUST_PROXY_HOPS: "1",
      // The live key's own limits out of the way: this test is about the unknown ones.
      TIER_LIMITS: JSON.stringify({ free: { perMinute: 1_000_000, perDay: 1_000_000 } }),
    },
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("a flood of forged well-formed keys from one address", () => {
  it(`${FORGERIES} distinct forgeries cost a few dozen database reads; a live key used throughout keeps answering 200 from memory`, async () => {
    const { cookie } = await signUpAndSignIn(server.url);
    const live = await createKey(server.url, cookie, { name: "office-integration" });
    expect((await withKey(server.url, "/api/v1/me", live.data.key, OFFICE)).status).toBe(200);

    const statuses = new Map<string, number>();
    const liveStatuses: number[] = [];
    let sampleLimited: Response | null = null;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (;;) {
        const index = next++;
        if (index >= FORGERIES) return;
        if (index % LIVE_EVERY === 0) {
          const response = await withKey(server.url, "/api/v1/me", live.data.key, OFFICE);
          await response.arrayBuffer();
          liveStatuses.push(response.status);
        }
        const response = await withKey(server.url, "/api/v1/me", forgedKey(), OFFICE);
        if (response.status === 429 && sampleLimited === null) {
          sampleLimited = response;
          continue;
        }
        const code = response.status === 200 ? "ok" : (await errorEnvelope(response)).code;
        statuses.set(`${response.status} ${code}`, (statuses.get(`${response.status} ${code}`) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedMs = Date.now() - started;

    // The live key: never refused, never waiting on the flood.
    expect(liveStatuses.length).toBe(FORGERIES / LIVE_EVERY);
    expect(liveStatuses.every((status) => status === 200), JSON.stringify(liveStatuses)).toBe(true);

    // Forgeries: refused as unknown while the address has budget, then 429 in the envelope.
    const limited = sampleLimited as Response | null;
    expect(limited, JSON.stringify([...statuses])).not.toBeNull();
    if (limited === null) return;
    const error = await errorEnvelope(limited);
    expect(error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect([...statuses.keys()].sort()).toEqual(["401 invalid_api_key", "429 rate_limited"]);

    // The budget is the office's, not everyone's: another address is still looked up and told 401,
    // and a key never used before works from there.
    const other = await withKey(server.url, "/api/v1/me", forgedKey(), ELSEWHERE);
    expect(other.status).toBe(401);
    expect((await errorEnvelope(other)).code).toBe("invalid_api_key");
    const second = await createKey(server.url, cookie, { name: "branch-office" });
    expect((await withKey(server.url, "/api/v1/me", second.data.key, ELSEWHERE)).status).toBe(200);

    // The database reads, from the server's own count. Each minute window allows the budget;
    // requests already in flight when it ran out (at most CONCURRENCY) may each have read too.
    const windows = Math.floor(elapsedMs / 60_000) + 1;
    const lines = lookupLines(server);
    const unknownReads = lines.filter((line) => line.includes("unknown")).length;
    const liveReads = lines.filter((line) => line.includes(`key=${live.data.id}`)).length;
    // (+1: the forgery from elsewhere.)
    const readBudget = windows * UNKNOWN_PER_MINUTE + CONCURRENCY + 1;
    console.log(`${FORGERIES} forgeries in ${(elapsedMs / 1000).toFixed(1)} s: ${unknownReads} database reads for unknown keys (budget ${readBudget}), ${liveReads} for the live key; ${JSON.stringify([...statuses])}`);
    expect(unknownReads).toBeGreaterThanOrEqual(UNKNOWN_PER_MINUTE);
    expect(unknownReads).toBeLessThanOrEqual(readBudget);
    expect(statuses.get("401 invalid_api_key") ?? 0).toBeLessThanOrEqual(readBudget);
    // The live key's first use read it; after that, at most one read per refresh interval.
    expect(liveReads).toBeGreaterThanOrEqual(1);
    expect(liveReads).toBeLessThanOrEqual(Math.floor(elapsedMs / REFRESH_MS) + 2);
  }, 180_000);
});
