// Reading account changes in seq order (lib/accounts/changes.ts): each change applied exactly once,
// including one whose seq committed after a higher one (PostgreSQL hands seqs out before commit).
import { describe, expect, it } from "vitest";
import { advanceCursor, HOLE_WAIT_MS, type ChangeCursor } from "@/lib/accounts/changes";

const start: ChangeCursor = { lastSeq: 10, holes: new Map() };
const rows = (...seqs: number[]) => seqs.map((seq) => ({ seq, accountId: `acct-${seq}` }));

describe("advancing the account-change cursor", () => {
  it("applies rows after the cursor in order, and moves past them", () => {
    const { apply, cursor } = advanceCursor(start, rows(11, 12, 13), 1_000);
    expect(apply.map((r) => r.seq)).toEqual([11, 12, 13]);
    expect(cursor).toEqual({ lastSeq: 13, holes: new Map() });
  });

  it("nothing new: nothing applied, cursor unchanged", () => {
    const { apply, cursor } = advanceCursor(start, [], 1_000);
    expect(apply).toEqual([]);
    expect(cursor.lastSeq).toBe(10);
  });

  it("a seq skipped over is a hole; when it commits later it is applied, once", () => {
    const first = advanceCursor(start, rows(11, 13), 1_000);
    expect(first.apply.map((r) => r.seq)).toEqual([11, 13]);
    expect([...first.cursor.holes.keys()]).toEqual([12]);
    // The next read asks for seq > 13 and for the hole: 12 has committed meanwhile, 14 is new.
    const second = advanceCursor(first.cursor, rows(12, 14), 2_000);
    expect(second.apply.map((r) => r.seq)).toEqual([12, 14]);
    expect(second.cursor).toEqual({ lastSeq: 14, holes: new Map() });
    // Read again (an overlapping read): nothing applied twice.
    expect(advanceCursor(second.cursor, rows(12, 14), 3_000).apply).toEqual([]);
  });

  it("a hole never filled (a rolled-back transaction) is given up after a while", () => {
    const first = advanceCursor(start, rows(12), 1_000);
    expect([...first.cursor.holes.keys()]).toEqual([11]);
    expect([...advanceCursor(first.cursor, [], 1_000 + HOLE_WAIT_MS - 1).cursor.holes.keys()]).toEqual([11]);
    expect(advanceCursor(first.cursor, [], 1_000 + HOLE_WAIT_MS).cursor.holes.size).toBe(0);
  });

  it("a large jump (a sequence moved on, not commits in flight) tracks no holes", () => {
    const { apply, cursor } = advanceCursor(start, rows(5_000), 1_000);
    expect(apply.map((r) => r.seq)).toEqual([5_000]);
    expect(cursor.holes.size).toBe(0);
  });

  it("does not change the cursor it was given", () => {
    const before: ChangeCursor = { lastSeq: 10, holes: new Map([[9, 500]]) };
    advanceCursor(before, rows(9, 12), 1_000);
    expect(before).toEqual({ lastSeq: 10, holes: new Map([[9, 500]]) });
  });
});
