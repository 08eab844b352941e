// The outbox: a notification is written in the transaction of what caused it (a key created,
// revoked, found in public, used from somewhere new; an expiry reminder claimed by the scan),
// together with one WebhookDelivery row per endpoint that wants its type and one EmailMessage row
// per member who wants it by e-mail. Nothing is sent inside the transaction: the delivery queue
// (lib/jobs) picks the rows up once they have committed. So an event is never told without having
// happened, never lost once it has, and each delivery exists exactly once (unique per endpoint
// and message id, per notification and user).
import type { Tx } from "@/lib/db";
import { keyPreview } from "@/lib/keys/secret";
import { mailConfigured } from "@/lib/mail/transport";
import { newMessageId } from "@/lib/webhooks/message-id";
import { storedEvents } from "@/lib/webhooks/view";
import { keyPageUrl } from "./links";
import { EMAIL_PREFERENCE, OWNER_EMAIL_TYPES, WEBHOOK_EVENT_TYPES, type NotificationType } from "./types";
import { wakeDeliveries } from "@/lib/jobs/queue";

export type NotificationInput = {
  type: NotificationType;
  /** The key it is about; the preview is taken from the key's row. */
  keyId?: string | null;
  /** Extra fields of the event's data object (snake_case, as the webhook receives them). */
  data?: Record<string, unknown>;
  /** For events found by a scan: makes a second insert of the same reminder fail. */
  dedupeKey?: string;
};

type KeyFacts = { id: string; name: string; lastFour: string };

const WEBHOOK_TYPES: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);
/** At most one new-source e-mail per key in this time. */
export const NEW_SOURCE_MAIL_INTERVAL_MS = 3_600_000;

/** The webhook payload: Standard Webhooks' `{ type, timestamp, data }`, data carrying the message id. */
export function webhookPayload(type: string, id: string, createdAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: createdAt.toISOString(), data: { id, ...data } });
}

/**
 * Writes the notifications and their deliveries in the caller's transaction. Returns the ids.
 * Afterwards (whether or not the transaction commits) the delivery queue is woken; it finds only
 * what has committed.
 */
export async function notify(tx: Tx, accountId: string, inputs: NotificationInput[], now: Date = new Date()): Promise<string[]> {
  if (inputs.length === 0) return [];
  const keyIds = [...new Set(inputs.map((input) => input.keyId).filter((id): id is string => typeof id === "string"))];
  const keys = new Map<string, KeyFacts>(
    keyIds.length === 0
      ? []
      : (await tx.apiKey.findMany({ where: { id: { in: keyIds }, accountId }, select: { id: true, name: true, lastFour: true } })).map((key) => [key.id, key]),
  );
  const wantsWebhooks = inputs.some((input) => WEBHOOK_TYPES.has(input.type));
  const endpoints = wantsWebhooks
    ? await tx.webhookEndpoint.findMany({ where: { accountId, disabledAt: null }, select: { id: true, events: true } })
    : [];
  const wantsMail = mailConfigured() && inputs.some((input) => EMAIL_PREFERENCE[input.type] !== null || OWNER_EMAIL_TYPES.has(input.type));
  // The account's members (not only the user who signed it up), each by their own preferences.
  const users = wantsMail
    ? (
        await tx.membership.findMany({
          where: { accountId },
          orderBy: { createdAt: "asc" },
          select: { role: true, user: { select: { id: true, email: true, emailExpiry: true, emailExposure: true, emailNewSource: true } } },
        })
      ).map(({ role, user }) => ({ ...user, role }))
    : [];

  // A key tried from many new networks (a leaked key being sprayed) is one e-mail an hour, not one
  // per network: the console and webhooks still get every one.
  const newSourceKeys = inputs.filter((input) => input.type === "key.new_source" && input.keyId).map((input) => input.keyId!);
  const newSourceMailed = new Set<string>(
    users.length === 0 || newSourceKeys.length === 0
      ? []
      : (
          await tx.notification.findMany({
            where: { accountId, type: "key.new_source", keyId: { in: newSourceKeys }, createdAt: { gt: new Date(now.getTime() - NEW_SOURCE_MAIL_INTERVAL_MS) }, emails: { some: {} } },
            select: { keyId: true },
          })
        ).map((row) => row.keyId!),
  );

  const ids: string[] = [];
  const notifications = [];
  const deliveries = [];
  const emails = [];
  for (const input of inputs) {
    const id = newMessageId();
    const key = input.keyId ? keys.get(input.keyId) : undefined;
    const data: Record<string, unknown> = {
      account_id: accountId,
      ...(key ? { key: { id: key.id, name: key.name, preview: keyPreview(key.lastFour) }, url: keyPageUrl(key.id) } : {}),
      ...input.data,
    };
    ids.push(id);
    notifications.push({
      id,
      accountId,
      type: input.type,
      keyId: key?.id ?? null,
      keyName: key?.name ?? null,
      keyPreview: key ? keyPreview(key.lastFour) : null,
      data: JSON.stringify(data),
      dedupeKey: input.dedupeKey ?? null,
      createdAt: now,
    });
    if (WEBHOOK_TYPES.has(input.type)) {
      const payload = webhookPayload(input.type, id, now, data);
      for (const endpoint of endpoints) {
        if (!storedEvents(endpoint.events).includes(input.type)) continue;
        deliveries.push({ endpointId: endpoint.id, notificationId: id, messageId: id, type: input.type, payload, nextAttemptAt: now, createdAt: now });
      }
    }
    if (OWNER_EMAIL_TYPES.has(input.type)) {
      for (const user of users) {
        if (user.role === "owner") emails.push({ notificationId: id, userId: user.id, toAddress: user.email, nextAttemptAt: now, createdAt: now });
      }
    }
    const preference = EMAIL_PREFERENCE[input.type];
    if (preference !== null && !(input.type === "key.new_source" && key && newSourceMailed.has(key.id))) {
      for (const user of users) {
        if (user[preference]) emails.push({ notificationId: id, userId: user.id, toAddress: user.email, nextAttemptAt: now, createdAt: now });
      }
      if (input.type === "key.new_source" && key) newSourceMailed.add(key.id);
    }
  }
  await tx.notification.createMany({ data: notifications });
  if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries });
  if (emails.length > 0) await tx.emailMessage.createMany({ data: emails });
  if (deliveries.length > 0 || emails.length > 0) wakeDeliveries();
  return ids;
}
