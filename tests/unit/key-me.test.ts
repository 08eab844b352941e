import { describe, expect, it } from "vitest";
import type { ApiKeyPrincipal } from "@/lib/http/api-key-route";
import { describeKey, describeKeyJson, meResponseSchema } from "@/lib/keys/me";
import type { WindowState } from "@/lib/ratelimit/key-limits";

const principal: ApiKeyPrincipal = {
  kind: "api_key",
  keyId: "6f1c1a5e-4a0b-4a7e-9a43-8c1f1f0b2d11",
  accountId: "account",
  name: "Splunk forwarder",
  lastFour: "ZpU3",
  tier: "free",
  scopes: ["audit:read", "keys:read"],
};

function windows(minuteResetMs: number, dayResetMs: number): WindowState[] {
  return [
    { window: "minute", limit: 60, seconds: 60, remaining: 59, resetMs: minuteResetMs },
    { window: "day", limit: 1000, seconds: 86_400, remaining: 999, resetMs: dayResetMs },
  ];
}

describe("GET /api/v1/me's answer (lib/keys/me.ts)", () => {
  // Each window remembers the text of its last reset instant: a new instant must be formatted anew,
  // and the two windows must never hand each other their text.
  it("says when each window resets, following every change of instant", () => {
    const t = Date.UTC(2026, 11, 6, 21, 0, 0, 0);
    const sequence = [
      [t + 60_000, t + 86_400_000],
      [t + 60_000, t + 86_400_000],
      [t + 60_001, t + 86_400_000],
      [t + 120_000, t + 86_399_999],
      [t + 60_000, t + 86_400_000],
    ] as const;
    for (const [minuteMs, dayMs] of sequence) {
      const answer = describeKey(principal, windows(minuteMs, dayMs));
      expect(meResponseSchema.parse(answer)).toEqual(answer);
      expect(answer.data.rate_limits.minute.resets_at).toBe(new Date(minuteMs).toISOString());
      expect(answer.data.rate_limits.day.resets_at).toBe(new Date(dayMs).toISOString());
    }
  });

  it("reports the tier's limits and the remaining counts as given", () => {
    const t = Date.UTC(2026, 11, 6, 21, 0, 0, 0);
    const { data } = describeKey(principal, windows(t + 1_000, t + 2_000));
    expect(data).toMatchObject({
      key_preview: "sk_live_••••••••ZpU3",
      tier: "free",
      rate_limit_per_minute: 60,
      rate_limit_per_day: 1000,
      rate_limits: { minute: { limit: 60, remaining: 59 }, day: { limit: 1000, remaining: 999 } },
    });
  });

  // The served text keeps the key's fields from its first serialisation: it must still be, on every
  // request, exactly what serialising the whole answer gives (windows change, the key does not).
  it("serves as text exactly the answer serialised whole, request after request", () => {
    const t = Date.UTC(2026, 11, 6, 21, 0, 0, 0);
    const other: ApiKeyPrincipal = { ...principal, keyId: "0b6a1f2e-9c1d-4e5f-8a7b-6c5d4e3f2a1b", name: 'CI job "nightly" \\ ünïcode', tier: "pro", scopes: ["usage:read"] };
    for (const [index, key] of [principal, other, principal, other].entries()) {
      const state = windows(t + index * 1_000, t + 86_400_000 - index);
      state[0] = { ...(state[0] as WindowState), remaining: 59 - index };
      const text = describeKeyJson(key, state);
      expect(text).toBe(JSON.stringify(describeKey(key, state)));
      expect(meResponseSchema.parse(JSON.parse(text))).toEqual(JSON.parse(text));
    }
  });
});

