import { describe, expect, it } from "vitest";
import { countUnknownKey, UNKNOWN_KEY_BUDGET, unknownKeyWaitMs } from "@/lib/ratelimit/unknown-keys";

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
