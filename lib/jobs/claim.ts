// An attempt first claims its row: one conditional update that succeeds only while the row is
// pending, due, and not held by another attempt. Both databases run it atomically, so of any
// number of workers (threads, instances, a queue that hands a job out twice) exactly one goes
// ahead; the rest do nothing. The hold (leaseUntil) outlives the send timeout, so a live attempt
// keeps it; an instance that dies mid-attempt lets it lapse, and the row is due again.
import { db } from "@/lib/db";
import { deliveryConfig } from "./config";

export type DeliveryKind = "webhook" | "email";

export type Claim = { id: string; until: Date };

export async function claim(kind: DeliveryKind, id: string, now: Date = new Date()): Promise<Claim | null> {
  const until = new Date(now.getTime() + deliveryConfig().leaseMs);
  const where = {
    id,
    status: "pending",
    nextAttemptAt: { lte: now },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
  };
  const data = { leaseUntil: until };
  const { count } =
    kind === "webhook" ? await db().webhookDelivery.updateMany({ where, data }) : await db().emailMessage.updateMany({ where, data });
  if (count !== 1) return null;
  return { id, until };
}

/** Rows due now and not held, oldest first: what the queue should attempt. */
export async function dueRows(kind: DeliveryKind, limit: number, now: Date = new Date()): Promise<{ id: string; attempts: number; nextAttemptAt: Date }[]> {
  const where = { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] };
  const query = { where, select: { id: true, attempts: true, nextAttemptAt: true }, orderBy: { nextAttemptAt: "asc" as const }, take: limit };
  return kind === "webhook" ? db().webhookDelivery.findMany(query) : db().emailMessage.findMany(query);
}
