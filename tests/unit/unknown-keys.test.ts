import { describe, expect, it } from "vitest";
import { budgetKey, countUnknownKey, UNKNOWN_KEY_BUDGET, unknownKeyWaitMs } from "@/lib/ratelimit/unknown-keys";

describe("unknown-key budget per client address", () => {
  it("counts refusals per address; past the budget the address must wait, others need not", async () => {
    const now = Date.now();
    const address = "203.0.113.7";
    for (let i = 0; i < UNKNOWN_KEY_BUDGET.perAddress; i++) {
      expect(await countUnknownKey(address, now), `refusal ${i + 1}`).toBe(0);
      expect(unknownKeyWaitMs(address, now)).toBe(0);
    }
    const wait = await countUnknownKey(address, now);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(UNKNOWN_KEY_BUDGET.windowSeconds * 1000);
    // Known here at once, without asking the store: the check before a database read is synchronous.
    expect(unknownKeyWaitMs(address, now)).toBe(wait);
    expect(unknownKeyWaitMs(address, now + wait)).toBe(0);
    expect(unknownKeyWaitMs("203.0.113.8", now)).toBe(0);
    expect(await countUnknownKey("203.0.113.8", now)).toBe(0);
  });
});

describe("whose budget an address spends", () => {
  it("an IPv4 address its own; an IPv6 address its /64, however it is written; no address one shared budget", () => {
    const cases: [string | null, string][] = [
      ["203.0.113.7", "203.0.113.7"],
      ["2001:db8:85a3:1:aaaa:bbbb:cccc:dddd", "2001:db8:85a3:1::/64"],
      ["2001:0db8:85a3:0001:0000:0000:0000:0001", "2001:db8:85a3:1::/64"],
      ["2001:db8:85a3:1::1", "2001:db8:85a3:1::/64"],
      ["2001:db8::1", "2001:db8:0:0::/64"],
      ["2001:db8:0:0:ffff::", "2001:db8:0:0::/64"],
      ["::1", "0:0:0:0::/64"],
      ["::", "0:0:0:0::/64"],
      ["fe80::", "fe80:0:0:0::/64"],
      ["64:ff9b::192.0.2.1", "64:ff9b:0:0::/64"],
      ["1:2:3:4:5:6:192.0.2.1", "1:2:3:4::/64"],
      [null, "unknown"],
    ];
    for (const [address, expected] of cases) expect(budgetKey(address), String(address)).toBe(expected);
  });
});
