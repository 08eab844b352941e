// Account changes (today: a tier move) reach every running instance at once. The change is
// written with an AccountChange row in the same transaction, so it cannot commit unannounced;
// every instance reads the rows after the last seq it has seen about once a second (one indexed
// range read), and with Redis the writer also names the account on the key-change stream
// (lib/redis/key-events.ts) so instances apply it at once. The database read stays on with Redis
// as the safety net: an operator's shell without REDIS_URL, or a stream entry that could not be
// appended, still arrives within a second. Applying a change drops the account's cached keys, so
// each one's next use reads its tier (and with it scopes and limits) again.
//
// Sequence numbers can commit out of order (PostgreSQL hands them out before commit; a rolled-back
// transaction leaves a gap), so a seq skipped over is looked for again for a while (a "hole")
// rather than assumed never to come.
import { db, type Tx } from "@/lib/db";
import { forgetAccount, forgetAllKeys } from "@/lib/keys/verify";
import { publishAccountChanged } from "@/lib/redis/key-events";

export type AccountChangeKind = "tier";

export const POLL_INTERVAL_MS = 1_000;
/** Rows older than this are pruned by the writer. */
export const KEEP_MS = 60 * 60_000;
/** A reader that could not read for this long may have missed pruned rows: it forgets every key. */
const READER_GAP_MS = KEEP_MS / 2;
/** How long a skipped seq is looked for (a transaction still committing, or one rolled back). */
export const HOLE_WAIT_MS = 30_000;
/** At most this many holes are tracked; a larger gap is a sequence jump, not commits in flight. */
const MAX_HOLES = 100;
const READ_BATCH = 500;

/** Called inside the transaction that makes the change. Also prunes rows nobody needs any more. */
export async function recordAccountChange(tx: Tx, accountId: string, kind: AccountChangeKind, nowMs: number = Date.now()): Promise<void> {
  await tx.accountChange.create({ data: { accountId, kind } });
  await tx.accountChange.deleteMany({ where: { createdAt: { lt: new Date(nowMs - KEEP_MS) } } });
}

/**
 * After the change has committed: this process's cache at once (a billing hook running inside the
 * server), then the other instances through Redis when configured (never throws).
 */
export async function announceAccountChange(accountId: string): Promise<void> {
  forgetAccount(accountId);
  await publishAccountChanged(accountId);
}

export type ChangeCursor = {
  /** The highest seq applied. */
  lastSeq: number;
  /** Skipped seqs below lastSeq → when first missed. */
  holes: Map<number, number>;
};

/**
 * The pure part of a poll: which of the rows read (ascending seq) are new, and the cursor after
 * them. A row above lastSeq is new, and the seqs it jumps over become holes; a row filling a
 * hole is new too; anything else was applied before. Holes older than HOLE_WAIT_MS are given up.
 */
export function advanceCursor<Row extends { seq: number }>(cursor: ChangeCursor, rows: readonly Row[], nowMs: number): { apply: Row[]; cursor: ChangeCursor } {
  const holes = new Map(cursor.holes);
  let lastSeq = cursor.lastSeq;
  const apply: Row[] = [];
  for (const row of rows) {
    if (row.seq > lastSeq) {
      if (row.seq - lastSeq - 1 <= MAX_HOLES) for (let seq = lastSeq + 1; seq < row.seq; seq++) holes.set(seq, nowMs);
      lastSeq = row.seq;
      apply.push(row);
    } else if (holes.delete(row.seq)) {
      apply.push(row);
    }
  }
  for (const [seq, since] of holes) if (nowMs - since >= HOLE_WAIT_MS) holes.delete(seq);
  return { apply, cursor: { lastSeq, holes } };
}

type Poller = { started: boolean; cursor: ChangeCursor | null; lastReadMs: number; failing: boolean };
const poller: Poller = ((globalThis as { __accountChanges?: Poller }).__accountChanges ??= { started: false, cursor: null, lastReadMs: 0, failing: false });

/** One poll: the rows after the cursor (and any holes), applied in order. */
export async function pollAccountChanges(nowMs: number = Date.now()): Promise<number> {
  if (poller.cursor === null || nowMs - poller.lastReadMs > READER_GAP_MS) {
    // First read, or away long enough that pruned rows may be missed: start from the newest row
    // and drop every cached key instead (they were loaded before it, possibly with an old tier).
    const newest = await db().accountChange.aggregate({ _max: { seq: true } });
    poller.cursor = { lastSeq: newest._max.seq ?? 0, holes: new Map() };
    poller.lastReadMs = nowMs;
    forgetAllKeys();
    return 0;
  }
  let applied = 0;
  for (;;) {
    const cursor: ChangeCursor = poller.cursor;
    const after = { seq: { gt: cursor.lastSeq } };
    const rows = await db().accountChange.findMany({
      where: cursor.holes.size > 0 ? { OR: [after, { seq: { in: [...cursor.holes.keys()] } }] } : after,
      orderBy: { seq: "asc" },
      take: READ_BATCH,
      select: { seq: true, accountId: true },
    });
    const next = advanceCursor(cursor, rows, nowMs);
    for (const row of next.apply) forgetAccount(row.accountId);
    poller.cursor = next.cursor;
    poller.lastReadMs = nowMs;
    applied += next.apply.length;
    if (rows.length < READ_BATCH) return applied;
  }
}

/** Polls for the life of the server, one read at a time; a failing database is logged once. */
export function startAccountChangePoller(): void {
  if (poller.started) return;
  poller.started = true;
  const tick = () => {
    pollAccountChanges()
      .then(() => {
        if (poller.failing) console.info("[accounts] reading account changes works again.");
        poller.failing = false;
      })
      .catch((error: unknown) => {
        if (!poller.failing) console.error(`[accounts] reading account changes failed; retrying every second: ${error instanceof Error ? error.message : String(error)}`);
        poller.failing = true;
      })
      .finally(() => setTimeout(tick, POLL_INTERVAL_MS).unref());
  };
  tick();
}
