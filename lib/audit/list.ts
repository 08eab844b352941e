// The account's audit trail, newest first. The cursor is the position of the last event
// returned, so a page boundary never skips or repeats an event. Positions are the account's own
// event numbers (accountSeq), handed out as opaque tokens (./cursor): nothing here ever shows or
// reads the global seq, except to honour the seq:N cursors of before (legacyPosition).
import { db } from "@/lib/db";
import type { AuditEvent, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { auditCursors } from "./cursor";
import { AUDIT_ACTIONS } from "./record";
import { auditEventSchema, type AuditEventView } from "./schemas";

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
 * Positions are exact because an event takes its number under the account row's lock, so
 * numbers commit in order (see recordAuditEvent).
 */
/** The actions a type filter names: each family (auth) as its actions, each action as itself. */
function actionsOf(types: string[]): string[] {
  return [...new Set(types.flatMap((type) => (type.includes(".") ? [type] : AUDIT_ACTIONS.filter((action) => action.startsWith(`${type}.`)))))];
}

export async function listAuditEvents(
  accountId: string,
  options: { cursor?: string; since?: string; limit: number; key_id?: string; type?: string[] },
  /** What this reader may see of the account's log (lib/audit/visibility.ts); everything when absent. */
  visible: Prisma.AuditEventWhereInput = {},
) {
  const forward = options.since !== undefined;
  const position = await resolvePosition(accountId, options);
  const rows = await db().auditEvent.findMany({
    where: {
      accountId,
      ...(options.key_id === undefined ? {} : { keyId: options.key_id }),
      ...(options.type === undefined ? {} : { action: { in: actionsOf(options.type) } }),
      ...(position === undefined ? {} : { accountSeq: forward ? { gt: position } : { lt: position } }),
      AND: [visible],
    },
    orderBy: { accountSeq: forward ? "asc" : "desc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const newest = forward ? (last?.accountSeq ?? position ?? 0) : (page[0]?.accountSeq ?? (await latestPosition(accountId)));
  const cursors = auditCursors();
  return {
    data: page.map(toAuditEventView),
    meta: {
      next_cursor: !forward && rows.length > options.limit && last ? cursors.encode(accountId, last.accountSeq) : null,
      next_since: cursors.encode(accountId, newest),
    },
  };
}

async function latestPosition(accountId: string): Promise<number> {
  const latest = await db().auditEvent.findFirst({ where: { accountId }, orderBy: { accountSeq: "desc" }, select: { accountSeq: true } });
  return latest?.accountSeq ?? 0;
}

async function resolvePosition(accountId: string, options: { cursor?: string; since?: string }): Promise<number | undefined> {
  if (options.cursor !== undefined) return decodePosition(accountId, options.cursor, "cursor");
  if (options.since === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.since)) return decodePosition(accountId, options.since, "since");
  const time = new Date(options.since);
  if (Number.isNaN(time.getTime())) {
    throw new ApiError("invalid_request", "since must be a next_since value or an ISO 8601 time.", { details: { fields: ["since"] } });
  }
  // The last event before that time; everything after it follows.
  const before = await db().auditEvent.findFirst({
    where: { accountId, createdAt: { lt: time } },
    orderBy: { accountSeq: "desc" },
    select: { accountSeq: true },
  });
  return before?.accountSeq ?? 0;
}

async function decodePosition(accountId: string, token: string, field: "cursor" | "since"): Promise<number> {
  const cursor = auditCursors().decode(accountId, token);
  if (!cursor) throw new ApiError("invalid_request", `${field} is not one this API returned.`, { details: { fields: [field] } });
  return cursor.kind === "position" ? cursor.position : legacyPosition(accountId, cursor.seq);
}

/**
 * Before account-local cursors, next_since and next_cursor were base64url("seq:N"), N a global
 * AuditEvent.seq. A poller that stored one across the upgrade goes on where it was: N reads as
 * this account's last event numbered N or less, i.e. the largest accountSeq among them (seq and
 * accountSeq rise together within an account), so since=seq:N selects the same events as it did,
 * and so does cursor=seq:N for every N the old API issued (always the seq of one of the
 * account's own events). N is capped at auditLegacySeq, the global seq of the account's last event
 * at the upgrade (0 for newer accounts): those are numbers the old API already showed this
 * account. Uncapped, trying values of N would reveal the global seq of every new event, which is
 * the leak account-local cursors close. The answer's next_since is then a new token.
 */
async function legacyPosition(accountId: string, seq: number): Promise<number> {
  const account = await db().account.findUnique({ where: { id: accountId }, select: { auditLegacySeq: true } });
  const bound = Math.min(seq, account?.auditLegacySeq ?? 0);
  if (bound <= 0) return 0;
  const event = await db().auditEvent.findFirst({
    where: { accountId, seq: { lte: bound } },
    orderBy: { seq: "desc" },
    select: { accountSeq: true },
  });
  return event?.accountSeq ?? 0;
}
