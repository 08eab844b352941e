import { afterEach, describe, expect, it, vi } from "vitest";
import { consumeKeyLimits, peekKeyLimits, rateLimitHeaders } from "@/lib/ratelimit/key-limits";

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

describe("a tier move keeps the counts", () => {
  it("a pro key that spent 500 this minute is refused at once as free, and its count is still there when it is pro again", async () => {
    const keyId = `unit-${Math.random()}`;
    for (let i = 0; i < 500; i++) expect((await consumeKeyLimits(keyId, "pro")).allowed).toBe(true);
    const refused = await consumeKeyLimits(keyId, "free");
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.exceeded).toMatchObject({ window: "minute", limit: 60, remaining: 0 });
    // Refused as free, it took nothing: back on pro, the next request is the 501st.
    const again = await consumeKeyLimits(keyId, "pro");
    expect(again.allowed).toBe(true);
    expect(again.windows.map((w) => [w.window, w.limit, w.remaining])).toEqual([
      ["minute", 600, 99],
      ["day", 100_000, 99_499],
    ]);
  });

  it("a free key moved up keeps what it spent, and one moved down keeps counting", async () => {
    const keyId = `unit-${Math.random()}`;
    for (let i = 0; i < 30; i++) await consumeKeyLimits(keyId, "free");
    expect((await peekKeyLimits(keyId, "pro")).map((w) => w.remaining)).toEqual([570, 99_970]);
    const up = await consumeKeyLimits(keyId, "pro");
    expect(up.windows.map((w) => w.remaining)).toEqual([569, 99_969]);
    const down = await consumeKeyLimits(keyId, "free");
    expect(down.windows.map((w) => w.remaining)).toEqual([28, 968]);
  });
});

describe("what a refusal reports for each window", () => {
  // The limiter reads TIER_LIMITS once per module instance: a fresh instance per case, with the
  // limits of that case (the counters are shared by window, so each case uses a key of its own).
  async function limitsUnder(limits: { perMinute: number; perDay: number }) {
    vi.stubEnv("TIER_LIMITS", JSON.stringify({ free: limits }));
    vi.resetModules();
    return import("@/lib/ratelimit/key-limits");
  }
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  const cases = [
    { label: "minute spent, day not", limits: { perMinute: 3, perDay: 7 }, served: 3, exceeded: "minute", minute: 0, day: 4 },
    { label: "day spent, minute not", limits: { perMinute: 7, perDay: 3 }, served: 3, exceeded: "day", minute: 4, day: 0 },
    { label: "both spent on the same request", limits: { perMinute: 3, perDay: 3 }, served: 3, exceeded: "day", minute: 0, day: 0 },
  ] as const;
  for (const c of cases) {
    it(`${c.label}: a spent window says 0, one with room says what it had before the refused request`, async () => {
      const { consumeKeyLimits, peekKeyLimits, rateLimitHeaders } = await limitsUnder(c.limits);
      const keyId = `unit-${Math.random()}`;
      for (let i = 0; i < c.served; i++) expect((await consumeKeyLimits(keyId, "free")).allowed).toBe(true);
      // Twice: a second refusal must report the same as the first (the first gave its point back).
      for (let attempt = 1; attempt <= 2; attempt++) {
        const now = Date.now();
        const refused = await consumeKeyLimits(keyId, "free", now);
        expect(refused.allowed, `attempt ${attempt}`).toBe(false);
        if (refused.allowed) return;
        // Retry-After follows the later of the spent windows.
        expect(refused.exceeded.window, `attempt ${attempt}`).toBe(c.exceeded);
        expect(refused.windows.map((w) => [w.window, w.remaining]), `attempt ${attempt}`).toEqual([
          ["minute", c.minute],
          ["day", c.day],
        ]);
        const headers = rateLimitHeaders(refused.windows, now);
        expect(headers["X-RateLimit-Remaining"], `attempt ${attempt}`).toBe(String(c.minute));
        expect(headers.RateLimit, `attempt ${attempt}`).toMatch(new RegExp(`^"minute";r=${c.minute};t=\\d+, "day";r=${c.day};t=\\d+$`));
      }
      // And the refusals took nothing: the stored counts are those of the served requests.
      expect((await peekKeyLimits(keyId, "free")).map((w) => w.remaining)).toEqual([c.minute, c.day]);
    });
  }
});
