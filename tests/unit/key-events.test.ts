import { describe, expect, it } from "vitest";
import { compareStreamIds, mayHaveMissed } from "@/lib/redis/key-events";

describe("reading the key-change stream from where a reader stopped", () => {
  it("orders stream ids by time, then sequence, as numbers rather than strings", () => {
    expect(compareStreamIds("1700000000000-0", "1700000000000-0")).toBe(0);
    expect(compareStreamIds("1700000000000-2", "1700000000000-10")).toBe(-1);
    expect(compareStreamIds("999-5", "1000-0")).toBe(-1);
    expect(compareStreamIds("18446744073709551615-1", "18446744073709551615-0")).toBe(1);
  });

  it("a reader may have missed changes only if the stream no longer reaches back to its last id", () => {
    const cases: [lastId: string, oldestId: string | null, missed: boolean][] = [
      ["1700000000000-3", "1700000000000-3", false], // still holds our last entry
      ["1700000000000-3", "1690000000000-0", false], // holds more than that
      ["1700000000000-3", "1700000000000-4", true], // our last entry was trimmed away: maybe more too
      ["1700000000000-3", "1800000000000-0", true],
      ["1700000000000-3", null, true], // the stream is gone (deleted, or Redis lost it)
      ["0-0", null, false], // nothing was ever there, nothing is
      ["0-0", "1700000000000-0", true], // conservative: a cache refill
    ];
    for (const [lastId, oldestId, missed] of cases) expect(mayHaveMissed(lastId, oldestId), `${lastId} / ${oldestId}`).toBe(missed);
  });
});
