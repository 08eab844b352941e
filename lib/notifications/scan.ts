// The periodic scan (every NOTIFY_SCAN_SECONDS on every instance) finds the notifications that
// time alone causes: expiry reminders 14, 7 and 1 days before a key expires, the expiry itself,
// and the last hour of a rotated key's grace period.
//
// A reminder is due once the time is past expires_at minus its threshold; a key found already
// inside several thresholds (made with expires_in_days: 1, or the server was down) gets only the
// nearest one. Each is claimed with one conditional update of the key (expiryNoticeDays moves
// down to the threshold, graceNoticeAt is set), in the transaction that writes the notification:
// with several instances scanning at once, exactly one of them wins each claim.
import { db, type ApiKey } from "@/lib/db";
import { notify } from "./outbox";
import { EXPIRY_REMINDER_DAYS } from "./types";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Keys that expired longer ago than this when first scanned (before this feature) are not announced. */
const EXPIRED_LOOKBACK_MS = 7 * DAY_MS;
const BATCH = 500;
/** Batches per scan and kind: a backlog larger than this waits for the next scan. */
const MAX_ROUNDS = 20;

type ScanResult = { expiring: number; expired: number; graceEnding: number };

/** The nearest threshold the key is inside of, or null when it is not inside any. */
export function dueReminder(expiresAt: Date, now: Date): number | null {
  let due: number | null = null;
  for (const days of EXPIRY_REMINDER_DAYS) if (now.getTime() >= expiresAt.getTime() - days * DAY_MS) due = days;
  return due;
}

/** The key still works at `now` (not revoked, or in a rotation's grace period). */
const working = (now: Date) => ({ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] });

/**
 * Keys with a reminder due and not yet sent, soonest expiry first: for some threshold d, inside
 * it (expires within d days) and not yet reminded at d or nearer. In SQL, so that keys already
 * reminded never fill a batch and starve others.
 */
function dueForReminder(now: Date) {
  return {
    expiresAt: { gt: now },
    revokedAt: null,
    OR: EXPIRY_REMINDER_DAYS.map((days) => ({
      expiresAt: { gt: now, lte: new Date(now.getTime() + days * DAY_MS) },
      OR: [{ expiryNoticeDays: null }, { expiryNoticeDays: { gt: days } }],
    })),
  };
}

async function remindExpiring(now: Date): Promise<number> {
  let sent = 0;
  // Batches until none is left; a key whose claim another instance won drops out of the query too.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const keys = await db().apiKey.findMany({ where: dueForReminder(now), orderBy: { expiresAt: "asc" }, take: BATCH });
    let claimedHere = 0;
    for (const key of keys) {
      // A key made after this scan began is judged from when it was made: one made with
      // expires_in_days: 1 is inside the 1-day threshold from its first moment, never the 7-day one.
      const at = new Date(Math.max(now.getTime(), key.createdAt.getTime()));
      const days = dueReminder(key.expiresAt!, at);
      if (days === null || (key.expiryNoticeDays !== null && key.expiryNoticeDays <= days)) continue;
      const claimed = await claimAndNotify(key, { expiryNoticeDays: days }, { OR: [{ expiryNoticeDays: null }, { expiryNoticeDays: { gt: days } }] }, {
        type: "key.expiring",
        keyId: key.id,
        dedupeKey: `key.expiring:${days}:${key.id}:${key.expiresAt!.getTime()}`,
        data: { expires_at: key.expiresAt!.toISOString(), days_left: Math.max(1, Math.ceil((key.expiresAt!.getTime() - at.getTime()) / DAY_MS)), reminder_days: days },
      });
      if (claimed) claimedHere += 1;
    }
    sent += claimedHere;
    if (keys.length < BATCH) break;
  }
  return sent;
}

async function announceExpired(now: Date): Promise<number> {
  const keys = await db().apiKey.findMany({
    where: {
      expiresAt: { lte: now, gt: new Date(now.getTime() - EXPIRED_LOOKBACK_MS) },
      revokedAt: null,
      OR: [{ expiryNoticeDays: null }, { expiryNoticeDays: { gt: 0 } }],
    },
    orderBy: { expiresAt: "asc" },
    take: BATCH * MAX_ROUNDS,
  });
  let sent = 0;
  for (const key of keys) {
    const claimed = await claimAndNotify(key, { expiryNoticeDays: 0 }, { OR: [{ expiryNoticeDays: null }, { expiryNoticeDays: { gt: 0 } }] }, {
      type: "key.expired",
      keyId: key.id,
      dedupeKey: `key.expired:${key.id}:${key.expiresAt!.getTime()}`,
      data: { expires_at: key.expiresAt!.toISOString() },
    });
    if (claimed) sent += 1;
  }
  return sent;
}

async function warnGraceEnding(now: Date): Promise<number> {
  const keys = await db().apiKey.findMany({
    where: { replacedById: { not: null }, revokedAt: { gt: now, lte: new Date(now.getTime() + HOUR_MS) }, graceNoticeAt: null, ...working(now) },
    orderBy: { revokedAt: "asc" },
    take: BATCH * MAX_ROUNDS,
  });
  let sent = 0;
  for (const key of keys) {
    const claimed = await claimAndNotify(key, { graceNoticeAt: now }, { graceNoticeAt: null }, {
      type: "key.grace_ending",
      keyId: key.id,
      dedupeKey: `key.grace_ending:${key.id}`,
      data: { grace_ends_at: key.revokedAt!.toISOString(), replaced_by_key_id: key.replacedById },
    });
    if (claimed) sent += 1;
  }
  return sent;
}

/** One conditional update of the key; the notification is written only by the one that changed it. */
async function claimAndNotify(
  key: ApiKey,
  set: { expiryNoticeDays?: number; graceNoticeAt?: Date },
  unlessDone: object,
  notification: Parameters<typeof notify>[2][number],
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: key.id, expiresAt: key.expiresAt, ...unlessDone }, data: set });
    if (count !== 1) return false;
    await notify(tx, key.accountId, [notification]);
    return true;
  });
}

export async function scanForNotifications(now: Date = new Date()): Promise<ScanResult> {
  return {
    expiring: await remindExpiring(now),
    expired: await announceExpired(now),
    graceEnding: await warnGraceEnding(now),
  };
}
