// The account's audit trail, newest first. The cursor is the position of the last event
// returned, so a page boundary never skips or repeats an event.
import { db } from "@/lib/db";
import type { AuditEvent } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { auditEventSchema, type AuditEventView } from "./schemas";

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, field = "cursor"): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1]) throw new ApiError("invalid_request", `${field} is not one this API returned.`, { details: { fields: [field] } });
  return Number(match[1]);
}

export function toAuditEventView(event: AuditEvent): AuditEventView {
  return auditEventSchema.parse({
    id: event.id,
    action: event.action,
    actor: { user_id: event.actorUserId, email: event.actorEmail },
    key: event.keyId && event.keyName !== null ? { id: event.keyId, name: event.keyName } : null,
    ip: event.ip,
    user_agent: event.userAgent,
    metadata: event.metadata ? (JSON.parse(event.metadata) as Record<string, unknown>) : null,
    created_at: event.createdAt.toISOString(),
  });
}

/**
 * Newest first, paged backwards with `cursor`; or, with `since`, the events after a position in
 * the order they happened, so a poller that keeps passing next_since sees each event once.
 * Positions are exact because writers of one account hold its row while they add events.
 */
export async function listAuditEvents(accountId: string, options: { cursor?: string; since?: string; limit: number }) {
  const forward = options.since !== undefined;
  const position = await resolvePosition(accountId, options);
  const rows = await db().auditEvent.findMany({
    where: { accountId, ...(position === undefined ? {} : { seq: forward ? { gt: position } : { lt: position } }) },
    orderBy: { seq: forward ? "asc" : "desc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const newest = forward ? (last?.seq ?? position ?? 0) : (page[0]?.seq ?? (await latestSeq(accountId)));
  return {
    data: page.map(toAuditEventView),
    meta: {
      next_cursor: !forward && rows.length > options.limit && last ? encodeCursor(last.seq) : null,
      next_since: encodeCursor(newest),
    },
  };
}

async function latestSeq(accountId: string): Promise<number> {
  const latest = await db().auditEvent.findFirst({ where: { accountId }, orderBy: { seq: "desc" }, select: { seq: true } });
  return latest?.seq ?? 0;
}

async function resolvePosition(accountId: string, options: { cursor?: string; since?: string }): Promise<number | undefined> {
  if (options.cursor !== undefined) return decodeCursor(options.cursor);
  if (options.since === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.since)) return decodeCursor(options.since, "since");
  const time = new Date(options.since);
  if (Number.isNaN(time.getTime())) {
    throw new ApiError("invalid_request", "since must be a next_since value or an ISO 8601 time.", { details: { fields: ["since"] } });
  }
  // The last event before that time; everything after it follows.
  const before = await db().auditEvent.findFirst({
    where: { accountId, createdAt: { lt: time } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return before?.seq ?? 0;
}
