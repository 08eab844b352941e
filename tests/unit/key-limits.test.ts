import { describe, expect, it } from "vitest";
import { consumeKeyLimits, peekKeyLimits, rateLimitHeaders } from "@/lib/ratelimit/key-limits";
import { countRequest, pendingRequestCount, restorePendingUsage, takePendingUsage } from "@/lib/usage/counter";

describe("per-key limits (real in-memory limiter)", () => {
  it("lets exactly the minute limit through; refusals use up nothing", async () => {
    const keyId = `unit-${Math.random()}`;
    const results = [];
    for (let i = 0; i < 65; i++) results.push(await consumeKeyLimits(keyId, "free"));
    expect(results.filter((r) => r.allowed)).toHaveLength(60);
    const refused = results[60];
    expect(refused?.allowed).toBe(false);
    if (refused && !refused.allowed) expect(refused.exceeded.window).toBe("minute");
    const [minute, day] = await peekKeyLimits(keyId, "free");
    expect(minute?.remaining).toBe(0);
    expect(day?.remaining).toBe(940);
  });

  it("concurrent requests never get past the limit", async () => {
    const keyId = `unit-${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 100 }, () => consumeKeyLimits(keyId, "free")));
    expect(results.filter((r) => r.allowed)).toHaveLength(60);
  });

  it("formats the IETF draft headers for both windows and X-RateLimit-* for the minute", () => {
    const now = 1_800_000_000_000;
    const headers = rateLimitHeaders(
      [
        { window: "minute", limit: 60, seconds: 60, remaining: 12, resetMs: now + 30_500 },
        { window: "day", limit: 1000, seconds: 86400, remaining: 900, resetMs: now + 3_600_000 },
      ],
      now,
    );
    expect(headers).toEqual({
      "RateLimit-Policy": '"minute";q=60;w=60, "day";q=1000;w=86400',
      RateLimit: '"minute";r=12;t=31, "day";r=900;t=3600',
      "X-RateLimit-Limit": "60",
      "X-RateLimit-Remaining": "12",
      "X-RateLimit-Reset": String(Math.ceil((now + 30_500) / 1000)),
    });
  });
});

describe("usage tally", () => {
  it("counts per key and UTC day, and a failed flush puts its counts back", () => {
    takePendingUsage();
    const day1 = Date.UTC(2026, 10, 26, 23, 59, 59);
    countRequest("k1", day1);
    countRequest("k1", day1 + 2000);
    countRequest("k2", day1);
    const taken = takePendingUsage();
    expect(pendingRequestCount()).toBe(0);
    expect(taken).toEqual([
      { keyId: "k1", day: "2026-11-26", requests: 1, lastUsedMs: day1 },
      { keyId: "k1", day: "2026-11-27", requests: 1, lastUsedMs: day1 + 2000 },
      { keyId: "k2", day: "2026-11-26", requests: 1, lastUsedMs: day1 },
    ]);
    countRequest("k2", day1 + 500);
    restorePendingUsage(taken);
    expect(pendingRequestCount()).toBe(4);
    expect(takePendingUsage().find((row) => row.keyId === "k2")).toEqual({ keyId: "k2", day: "2026-11-26", requests: 2, lastUsedMs: day1 + 500 });
  });
});
