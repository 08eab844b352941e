// Audit events are written inside the transaction of the change they describe, so a change
// never lands without its event, nor an event without its change. The key events among them
// are notifications too (lib/notifications), written in the same transaction.
import type { Tx } from "@/lib/db";
import { notificationsForAuditEvents } from "@/lib/notifications/from-audit";
import { notify } from "@/lib/notifications/outbox";

export { AUDIT_ACTIONS, type AuditAction } from "./actions";
import type { AuditAction } from "./actions";

/**
 * Who did it and from where: taken from the request by the route wrapper. Events a key causes by
 * being used (api_key.new_source) have no user: userId and email are null, ip is the key's caller.
 */
export type AuditActor = {
  userId: string | null;
  email: string | null;
  accountId: string;
  ip: string | null;
  userAgent: string | null;
};

export type AuditEventInput = { action: AuditAction; keyId?: string | null; keyName?: string | null; metadata?: Record<string, unknown> };

/** One event, in the caller's transaction (see recordAuditEvents for the numbering). */
export function recordAuditEvent(tx: Tx, actor: AuditActor, event: AuditEventInput): Promise<void> {
  return recordAuditEvents(tx, actor, [event]);
}

/**
 * Events of one actor in one account, numbered in the order given, with one increment and one
 * insert (a leak batch from GitHub can name hundreds of one account's keys).
 *
 * The numbers are the account's next ones, taken in the caller's transaction. The increment also
 * locks the account row until that transaction ends (a row lock in PostgreSQL, the write lock in
 * SQLite), so two writers never get the same number, and number n+1 cannot commit before number
 * n: a poller reading "after n" can never step over an event that commits later.
 */
export async function recordAuditEvents(tx: Tx, actor: AuditActor, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const { auditSeq } = await tx.account.update({
    where: { id: actor.accountId },
    data: { auditSeq: { increment: events.length } },
    select: { auditSeq: true },
  });
  const firstSeq = auditSeq - events.length + 1;
  await tx.auditEvent.createMany({
    data: events.map((event, i) => ({
      accountId: actor.accountId,
      accountSeq: firstSeq + i,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: event.action,
      keyId: event.keyId ?? null,
      keyName: event.keyName ?? null,
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
      metadata: event.metadata ? JSON.stringify(event.metadata) : null,
    })),
  });
  // Key events are also notifications (the bell, webhooks, e-mail), written in the same transaction.
  await notify(tx, actor.accountId, notificationsForAuditEvents(actor, events));
}

/** The actor of a request made by a user, from the user and the request's headers. */
export function userActor(
  user: { id: string; email: string; accountId: string },
  ip: string | null,
  userAgent: string | null,
): AuditActor {
  return { userId: user.id, email: user.email, accountId: user.accountId, ip, userAgent };
}

/**
 * The actor of a signed-in request: in the session's current account, or, for a request about the
 * user themselves (a user route's principal has no accountId), in their personal account.
 */
export function sessionActor(
  principal: { userId: string; email: string; accountId?: string; personalAccountId: string },
  request: Request,
  ip: string | null,
): AuditActor {
  const accountId = principal.accountId ?? principal.personalAccountId;
  return { userId: principal.userId, email: principal.email, accountId, ip, userAgent: request.headers.get("user-agent") };
}
