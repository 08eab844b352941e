// The serve-stale rules of the key cache (lib/keys/verify.ts), as pure functions: when an entry is
// served, when it is served while refreshed in the background, and when it must be read first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cacheTtlFromEnv } from "@/lib/keys/cache-ttl.mjs";
import { freshness, refreshAgeMs } from "@/lib/keys/verify";

describe("freshness of a cached key", () => {
  const ttl = 30_000;
  const cases = [
    { label: "just loaded", age: 0, jitter: 0.5, state: "fresh" },
    { label: "before the earliest refresh age", age: 14_999, jitter: 0, state: "fresh" },
    { label: "at the refresh age (no jitter)", age: 15_000, jitter: 0, state: "stale" },
    { label: "before the latest refresh age", age: 22_499, jitter: 0.9999999, state: "fresh" },
    { label: "the last millisecond of its lifetime", age: 29_999, jitter: 0.5, state: "stale" },
    { label: "at its lifetime", age: 30_000, jitter: 0, state: "due" },
    { label: "long past it", age: 3_600_000, jitter: 0.5, state: "due" },
    { label: "forgotten (loadedAtMs = -Infinity)", age: Number.POSITIVE_INFINITY, jitter: 0.5, state: "due" },
    { label: "nonsense age", age: Number.NaN, jitter: 0.5, state: "due" },
  ] as const;
  for (const c of cases) {
    it(`${c.label}: ${c.state}`, () => {
      expect(freshness(c.age, ttl, c.jitter)).toBe(c.state);
    });
  }

  it("never serves an entry past its lifetime, whatever the jitter or lifetime (serving stale gives a key no extra life)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (ttlMs, jitter, ratio) => {
        const state = freshness(ttlMs * ratio, ttlMs, jitter);
        expect(state === "due").toBe(ttlMs * ratio >= ttlMs);
      }),
    );
  });

  it("the cache lifetime shortened to 1 s (Redis lost) makes an older entry due at once", () => {
    expect(freshness(5_000, 1_000, 0.3)).toBe("due");
    expect(freshness(600, 1_000, 0)).toBe("stale");
  });
});

describe("refresh age and its jitter", () => {
  it("lies between half and three quarters of the lifetime", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (ttlMs, jitter) => {
        const age = refreshAgeMs(ttlMs, jitter);
        expect(age).toBeGreaterThanOrEqual(ttlMs / 2);
        expect(age).toBeLessThanOrEqual((ttlMs * 3) / 4);
      }),
    );
  });

  it("spreads keys loaded at the same instant over the quarter of their lifetime", () => {
    const ages = Array.from({ length: 1_000 }, () => refreshAgeMs(30_000, Math.random()));
    // In 1 s buckets across 15–22.5 s: every bucket gets some, none gets most.
    const buckets = new Map<number, number>();
    for (const age of ages) buckets.set(Math.floor(age / 1000), (buckets.get(Math.floor(age / 1000)) ?? 0) + 1);
    expect([...buckets.keys()].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20, 21, 22]);
    expect(Math.max(...buckets.values())).toBeLessThan(300);
  });
});

describe("KEY_CACHE_TTL_MS", () => {
  const cases: { raw: string | undefined; ms: number | null }[] = [
    { raw: undefined, ms: 30_000 },
    { raw: "", ms: 30_000 },
    { raw: "2000", ms: 2_000 },
    { raw: "600000", ms: 600_000 },
    { raw: "999", ms: null },
    { raw: "600001", ms: null },
    { raw: "2.5", ms: null },
    { raw: "thirty", ms: null },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.raw)} → ${c.ms ?? "refused"}`, () => {
      if (c.ms === null) expect(() => cacheTtlFromEnv(c.raw)).toThrow(/KEY_CACHE_TTL_MS/);
      else expect(cacheTtlFromEnv(c.raw)).toBe(c.ms);
    });
  }
});
