// When reminders fall due, how retries are spaced, and how webhook URLs appear in the audit log.
import { describe, expect, it } from "vitest";
import { retryDelayMs, type DeliveryConfig } from "@/lib/jobs/config";
import { dueReminder } from "@/lib/notifications/scan";
import { auditUrl } from "@/lib/webhooks/redact";

const DAY = 86_400_000;
const now = new Date("2026-12-06T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("dueReminder: the nearest threshold the key is inside of", () => {
  it.each([
    [30 * DAY, null],
    [14 * DAY + 1, null],
    [14 * DAY, 14],
    [10 * DAY, 14],
    [7 * DAY, 7],
    [3 * DAY, 7],
    [DAY, 1],
    [60_000, 1],
  ])("expires in %d ms → %s", (inMs, expected) => {
    expect(dueReminder(at(inMs), now)).toBe(expected);
  });
});

describe("retryDelayMs: exponential, capped, jittered", () => {
  const config: DeliveryConfig = { scanMs: 60_000, retryBaseMs: 15_000, maxDelayMs: 4 * 3_600_000, retryWindowMs: 24 * 3_600_000, disableAfterMs: 24 * 3_600_000, leaseMs: 30_000, concurrency: 8 };
  it("doubles from the base, within ±20 %", () => {
    expect(retryDelayMs(1, config, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(2, config, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(5, config, () => 0.5)).toBe(240_000);
    expect(retryDelayMs(1, config, () => 0)).toBe(12_000);
    expect(retryDelayMs(1, config, () => 0.999999)).toBeLessThanOrEqual(18_000);
  });
  it("never waits more than the cap (plus jitter), however many attempts", () => {
    expect(retryDelayMs(40, config, () => 0.5)).toBe(4 * 3_600_000);
  });
  it("spans the 24-hour window in about fifteen attempts", () => {
    let total = 0;
    let attempts = 0;
    while (total < config.retryWindowMs) total += retryDelayMs(++attempts, config, () => 0.5);
    expect(attempts).toBeGreaterThan(10);
    expect(attempts).toBeLessThan(20);
  });
});

describe("auditUrl: the origin and a fingerprint, never the path or query a token lives in", () => {
  it("hides paths and queries, and tells URLs apart", () => {
    const slack = auditUrl("https://hooks.slack.com/services/T000/B000/XXXXSECRET");
    expect(slack).toMatch(/^https:\/\/hooks\.slack\.com\/… \(#[0-9a-f]{8}\)$/);
    expect(slack).not.toContain("SECRET");
    expect(auditUrl("https://example.com/?token=abc")).not.toContain("abc");
    expect(auditUrl("https://example.com/a")).not.toBe(auditUrl("https://example.com/b"));
    expect(auditUrl("https://example.com/")).toMatch(/^https:\/\/example\.com\/ \(#/);
  });
});
