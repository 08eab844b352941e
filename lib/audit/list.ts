// The account's audit trail, newest first. The cursor is the position of the last event
// returned, so a page boundary never skips or repeats an event.
import { db } from "@/lib/db";
import type { AuditEvent } from "@/lib/db/generated/sqlite/client.ts";
import { ApiError } from "@/lib/http/errors";
import { auditEventSchema, type AuditEventView } from "./schemas";

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1]) throw new ApiError("invalid_request", "cursor is not one this API returned.", { details: { fields: ["cursor"] } });
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

export async function listAuditEvents(accountId: string, options: { cursor?: string; limit: number }) {
  const before = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const rows = await db().auditEvent.findMany({
    where: { accountId, ...(before === undefined ? {} : { seq: { lt: before } }) },
    orderBy: { seq: "desc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    data: page.map(toAuditEventView),
    meta: { next_cursor: rows.length > options.limit && last ? encodeCursor(last.seq) : null },
  };
}
