// Webhook endpoints and their deliveries. Every query is scoped to the caller's account (another
// account's endpoint is "no such endpoint"), every change is audited in its own transaction, and
// every mutation first touches the account row, so one account's changes run one after another
// (the cap of 10 endpoints stays exact). Where a URL may point is checked before the transaction
// (it resolves the name); deliveries themselves are the queue's (lib/jobs).
import { randomUUID } from "node:crypto";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { wakeDeliveries } from "@/lib/jobs/queue";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/lib/notifications/types";
import { newMessageId } from "./message-id";
import { MAX_WEBHOOK_ENDPOINTS, type CreateWebhookRequest, type UpdateWebhookRequest } from "./schemas";
import { newWebhookSecret, sealWebhookSecret } from "./secret";
import { assertWebhookUrl } from "./url-guard";
import { storedEvents } from "./view";
import { auditUrl } from "./redact";

export const PAUSED_REASON = "Paused by a user.";

function notFound(): ApiError {
  return new ApiError("not_found", "No such webhook endpoint.");
}

async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.account.update({ where: { id: accountId }, data: { updatedAt: new Date() } });
}

/** The URL as it is stored and sent: the URL parser's own spelling (lower-case host, no default port). */
function canonicalUrl(url: string): string {
  return new URL(url).href;
}

/** Events in the one order the API lists them, so a before/after compares like with like. */
function canonicalEvents(events: readonly string[]): string[] {
  return WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type));
}

export async function createWebhook(actor: AuditActor, input: CreateWebhookRequest) {
  await assertWebhookUrl(input.url);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const url = canonicalUrl(input.url);
  const events = canonicalEvents(input.events);
  const endpoint = await db().$transaction(async (tx) => {
    await lockAccount(tx, actor.accountId);
    const count = await tx.webhookEndpoint.count({ where: { accountId: actor.accountId } });
    if (count >= MAX_WEBHOOK_ENDPOINTS) {
      throw new ApiError("conflict", `An account can have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints. Delete one you no longer use first.`);
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        id,
        accountId: actor.accountId,
        url,
        description: input.description ?? null,
        events: JSON.stringify(events),
        secretSealed: sealWebhookSecret(secret, id),
        createdById: actor.userId,
      },
    });
    await recordAuditEvent(tx, actor, { action: "webhook.created", metadata: { webhook_id: id, url: auditUrl(url), events, description: row.description } });
    return row;
  });
  return { endpoint, secret };
}

export async function listWebhooks(accountId: string) {
  return db().webhookEndpoint.findMany({ where: { accountId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function getWebhook(accountId: string, id: string) {
  const endpoint = await db().webhookEndpoint.findFirst({ where: { id, accountId } });
  if (!endpoint) throw notFound();
  return endpoint;
}

type Settings = { url: string; events: string[]; description: string | null; enabled: boolean };

function settingsOf(row: { url: string; events: string; description: string | null; disabledAt: Date | null }): Settings {
  return { url: row.url, events: storedEvents(row.events), description: row.description, enabled: row.disabledAt === null };
}

export type UpdateWebhookOptions = {
  /** Called before anything changes when the URL is to change (sudo mode); throws to refuse. */
  confirmSensitiveChange?: () => void;
};

/**
 * Changes what is sent where. A changed URL is checked like a new one; `enabled: false` pauses the
 * endpoint, `enabled: true` turns it on and forgets earlier failures. Audited with the settings
 * before and after (only those that changed); a request that changes nothing records nothing.
 */
export async function updateWebhook(actor: AuditActor, id: string, input: UpdateWebhookRequest, options: UpdateWebhookOptions = {}) {
  const current = await getWebhook(actor.accountId, id);
  const url = input.url === undefined ? undefined : canonicalUrl(input.url);
  const confirmed = url !== undefined && url !== current.url;
  if (confirmed) {
    options.confirmSensitiveChange?.();
    await assertWebhookUrl(url);
  }
  // Silencing alerts (pausing, or dropping events) is what a stolen session would do first.
  const pausing = input.enabled === false && current.disabledAt === null;
  const dropping = input.events !== undefined && storedEvents(current.events).some((event) => !input.events!.includes(event as never));
  if (!confirmed && (pausing || dropping)) options.confirmSensitiveChange?.();
  return db().$transaction(async (tx) => {
    await lockAccount(tx, actor.accountId);
    const row = await tx.webhookEndpoint.findFirst({ where: { id, accountId: actor.accountId } });
    if (!row) throw notFound();
    const before = settingsOf(row);
    const wanted: Settings = {
      url: url ?? before.url,
      events: input.events === undefined ? before.events : canonicalEvents(input.events),
      description: input.description === undefined ? before.description : input.description,
      enabled: input.enabled ?? before.enabled,
    };
    // Another request changed the URL in between, so this one now changes it back: that needs the same proof.
    if (wanted.url !== before.url && !confirmed) options.confirmSensitiveChange?.();
    const changed = (Object.keys(wanted) as (keyof Settings)[]).filter((field) => JSON.stringify(wanted[field]) !== JSON.stringify(before[field]));
    const data: Record<string, unknown> = {};
    if (changed.includes("url")) data.url = wanted.url;
    if (changed.includes("events")) data.events = JSON.stringify(wanted.events);
    if (changed.includes("description")) data.description = wanted.description;
    if (changed.includes("enabled") && !wanted.enabled) Object.assign(data, { disabledAt: new Date(), disabledReason: PAUSED_REASON });
    // Turning on (again) forgets why it was off and how long it had been failing.
    if (input.enabled === true) Object.assign(data, { disabledAt: null, disabledReason: null, failingSince: null });
    if (changed.length === 0 && (input.enabled !== true || (row.disabledAt === null && row.failingSince === null))) return row;
    const updated = await tx.webhookEndpoint.update({ where: { id: row.id }, data });
    if (changed.length > 0) {
      const pick = (settings: Settings) => Object.fromEntries(changed.map((field) => [field, field === "url" ? auditUrl(settings.url) : settings[field]]));
      await recordAuditEvent(tx, actor, {
        action: "webhook.updated",
        metadata: { webhook_id: row.id, url: auditUrl(wanted.url), events: wanted.events, before: pick(before), after: pick(wanted) },
      });
    }
    return updated;
  });
}

/** Deletes the endpoint and its deliveries (pending ones are not sent). */
export async function deleteWebhook(actor: AuditActor, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockAccount(tx, actor.accountId);
    const row = await tx.webhookEndpoint.findFirst({ where: { id, accountId: actor.accountId } });
    if (!row) throw notFound();
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, actor, { action: "webhook.deleted", metadata: { webhook_id: row.id, url: auditUrl(row.url), events: storedEvents(row.events) } });
  });
}

/** The endpoint's latest deliveries, newest first. */
export async function listDeliveries(accountId: string, endpointId: string, limit: number) {
  await getWebhook(accountId, endpointId);
  return db().webhookDelivery.findMany({
    where: { endpointId, endpoint: { accountId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}

/** A `webhook.test` event for this endpoint, queued at once. */
export async function createTestDelivery(accountId: string, endpointId: string) {
  const endpoint = await getWebhook(accountId, endpointId);
  const messageId = newMessageId();
  const payload = JSON.stringify({
    type: TEST_EVENT_TYPE,
    timestamp: new Date().toISOString(),
    data: { id: messageId, account_id: accountId, webhook: { id: endpoint.id, url: endpoint.url } },
  });
  const delivery = await db().webhookDelivery.create({
    data: { endpointId: endpoint.id, messageId, type: TEST_EVENT_TYPE, payload, status: "pending", nextAttemptAt: new Date() },
  });
  wakeDeliveries();
  return delivery;
}

/** Sends a delivery again, due now: the same message (webhook-id and body); its attempts count on. */
export async function redeliver(accountId: string, endpointId: string, deliveryId: string) {
  const now = new Date();
  // Never under an attempt in flight: its outcome would be lost and the message sent twice.
  const { count } = await db().webhookDelivery.updateMany({
    where: { id: deliveryId, endpointId, endpoint: { accountId }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { status: "pending", nextAttemptAt: now },
  });
  if (count === 0) {
    const exists = await db().webhookDelivery.count({ where: { id: deliveryId, endpointId, endpoint: { accountId } } });
    if (exists === 0) throw new ApiError("not_found", "No such delivery.");
    throw new ApiError("conflict", "This delivery is being sent right now; redeliver it once the attempt has finished.");
  }
  const delivery = await db().webhookDelivery.findFirst({ where: { id: deliveryId, endpointId, endpoint: { accountId } } });
  if (!delivery) throw new ApiError("not_found", "No such delivery.");
  wakeDeliveries();
  return delivery;
}
