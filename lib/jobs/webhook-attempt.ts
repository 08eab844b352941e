// One attempt at one webhook delivery: claim the row, send (lib/webhooks/send.ts signs per
// Standard Webhooks, checks the resolved address, follows no redirect, gives up after 10 s),
// record what happened. A failure schedules the next attempt by exponential backoff until the
// retry window has passed; an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS without one success
// is disabled, and the account is told in the console (webhook.disabled).
import { db } from "@/lib/db";
import { notify } from "@/lib/notifications/outbox";
import { auditUrl } from "@/lib/webhooks/redact";
import { openWebhookSecret } from "@/lib/webhooks/secret";
import { sendWebhook } from "@/lib/webhooks/send";
import { claim } from "./claim";
import { deliveryConfig, retryDelayMs } from "./config";

export type AttemptResult = { state: "skipped" } | { state: "succeeded" } | { state: "failed" } | { state: "retry"; at: Date; attempts: number };

const MAX_ERROR_LENGTH = 300;

export async function attemptWebhookDelivery(id: string): Promise<AttemptResult> {
  const claimed = await claim("webhook", id);
  if (!claimed) return { state: "skipped" };
  const delivery = await db().webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });
  if (!delivery) return { state: "skipped" };
  const mine = { id, leaseUntil: claimed.until };
  const { endpoint } = delivery;

  if (endpoint.disabledAt) {
    await db().webhookDelivery.updateMany({
      where: mine,
      data: { status: "failed", leaseUntil: null, lastError: "The endpoint is disabled; redeliver after enabling it." },
    });
    return { state: "failed" };
  }
  let secret: string | null = null;
  try {
    secret = openWebhookSecret(endpoint.secretSealed, endpoint.id);
  } catch {
    // Sealed under another NEXTAUTH_SECRET: reported on the delivery below, never thrown.
  }
  const result = secret
    ? await sendWebhook({ url: endpoint.url, secret, messageId: delivery.messageId, payload: delivery.payload })
    : { ok: false, status: null, error: "The signing secret cannot be opened (NEXTAUTH_SECRET changed?).", durationMs: 0 };
  const now = new Date();
  const attempts = delivery.attempts + 1;
  const outcome = { attempts, lastAttemptAt: now, responseStatus: result.status, durationMs: result.durationMs, leaseUntil: null };

  if (result.ok) {
    await db().$transaction([
      db().webhookDelivery.updateMany({ where: mine, data: { ...outcome, status: "succeeded", lastError: null, deliveredAt: now } }),
      db().webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } }),
    ]);
    return { state: "succeeded" };
  }

  const config = deliveryConfig();
  const lastError = (result.error ?? `HTTP ${result.status}`).slice(0, MAX_ERROR_LENGTH);
  const giveUp = now.getTime() - delivery.createdAt.getTime() >= config.retryWindowMs;
  const next = new Date(now.getTime() + retryDelayMs(attempts, config));
  const disabledNow = await db().$transaction(async (tx) => {
    await tx.webhookDelivery.updateMany({
      where: mine,
      data: { ...outcome, lastError, ...(giveUp ? { status: "failed" } : { nextAttemptAt: next }) },
    });
    // The first failure since the last success starts the clock; a later one may stop the endpoint.
    await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: now } });
    const disabled = await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id, disabledAt: null, failingSince: { lte: new Date(now.getTime() - config.disableAfterMs) } },
      data: { disabledAt: now, disabledReason: `Every delivery failed for ${hours(config.disableAfterMs)}; last error: ${lastError}` },
    });
    if (disabled.count === 1) {
      // Its queue ends here (this delivery included); after enabling it, any of them can be redelivered.
      await tx.webhookDelivery.updateMany({
        where: { endpointId: endpoint.id, status: "pending" },
        data: { status: "failed", leaseUntil: null, lastError: "The endpoint was disabled; redeliver after enabling it." },
      });
      await notify(tx, endpoint.accountId, [
        // Every member reads notifications, but only owners and admins may see where webhooks point.
        { type: "webhook.disabled", data: { webhook: { id: endpoint.id, url: auditUrl(endpoint.url) }, last_error: lastError } },
      ]);
    }
    return disabled.count === 1;
  });
  return giveUp || disabledNow ? { state: "failed" } : { state: "retry", at: next, attempts };
}

function hours(ms: number): string {
  const value = ms / 3_600_000;
  return value >= 1 ? `${Number(value.toFixed(2))} hours` : `${Math.round(ms / 60_000)} minutes`;
}
