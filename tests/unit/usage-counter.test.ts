import { describe, expect, it } from "vitest";
import { countKeyUse, MAX_SOURCES_PER_FLUSH, pendingRequestCount, restorePendingUsage, takePendingUsage } from "@/lib/usage/counter";
import { sourceNetwork } from "@/lib/usage/sources";

describe("usage tally", () => {
  it("counts per key and UTC day, by outcome, with the latest address and user agent", () => {
    takePendingUsage();
    const day1 = Date.UTC(2026, 10, 26, 23, 59, 59);
    countKeyUse("k1", day1, "served", "203.0.113.7", "curl/8");
    countKeyUse("k1", day1 + 100, "rate_limited", "203.0.113.7", "curl/8");
    countKeyUse("k1", day1 + 200, "ip_not_allowed", "198.51.100.1", "evil/1");
    countKeyUse("k1", day1 + 2000, "insufficient_scope", null, null);
    countKeyUse("k2", day1, "served", "2001:db8::1", "splunk");
    expect(pendingRequestCount()).toBe(5);
    const taken = takePendingUsage();
    expect(pendingRequestCount()).toBe(0);
    const k1 = taken.find((row) => row.keyId === "k1" && row.day === "2026-11-26");
    expect(k1).toMatchObject({ requests: 1, rateLimited: 1, ipNotAllowed: 1, insufficientScope: 0, lastUsedMs: day1 + 200, lastIp: "198.51.100.1", lastUserAgent: "evil/1" });
    expect(k1?.sources.get("203.0.113.7")).toMatchObject({ requests: 2, firstSeenMs: day1, lastSeenMs: day1 + 100, lastOutcome: "rate_limited" });
    expect(taken.find((row) => row.keyId === "k1" && row.day === "2026-11-27")).toMatchObject({ insufficientScope: 1, lastIp: null, requests: 0 });
    expect(taken.find((row) => row.keyId === "k1" && row.day === "2026-11-27")?.sources.get("unknown")?.requests).toBe(1);
  });

  it("a failed flush puts every count back, merged with what came meanwhile", () => {
    takePendingUsage();
    const t = Date.UTC(2026, 10, 27, 10);
    countKeyUse("k", t, "served", "203.0.113.7", "a");
    const taken = takePendingUsage();
    countKeyUse("k", t + 10, "rate_limited", "203.0.113.8", "b");
    restorePendingUsage(taken);
    expect(pendingRequestCount()).toBe(2);
    const [row] = takePendingUsage();
    expect(row).toMatchObject({ requests: 1, rateLimited: 1, lastIp: "203.0.113.8", lastUsedMs: t + 10 });
    expect([...(row?.sources.keys() ?? [])].sort()).toEqual(["203.0.113.7", "203.0.113.8"]);
  });

  it("keeps at most MAX_SOURCES_PER_FLUSH addresses per key-day in memory; the rest count as other", () => {
    takePendingUsage();
    const t = Date.UTC(2026, 10, 27, 10);
    for (let i = 0; i < MAX_SOURCES_PER_FLUSH + 50; i++) countKeyUse("k", t, "served", `10.0.${i >> 8}.${i & 255}`, null);
    const [row] = takePendingUsage();
    expect(row?.sources.size).toBe(MAX_SOURCES_PER_FLUSH);
    expect(row?.otherSources).toBe(50);
    expect(row?.requests).toBe(MAX_SOURCES_PER_FLUSH + 50);
  });
});

describe("source networks", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::ffff", "2001:db8:1:2::/64"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["unknown", null],
    ["not an address", null],
  ])("%s → %s", (address, network) => {
    expect(sourceNetwork(address)).toBe(network);
  });
});
