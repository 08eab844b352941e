// What an endpoint and a delivery look like from outside. Every answer goes through the response
// schema, so the sealed secret (or any column added later) cannot reach a client by accident.
import { createdWebhookSchema, deliverySchema, webhookSchema, type DeliveryView, type WebhookView } from "./schemas";

export type WebhookRow = {
  id: string;
  url: string;
  description: string | null;
  events: string;
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
};

export type DeliveryRow = {
  id: string;
  messageId: string;
  type: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  lastError: string | null;
  durationMs: number | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** An endpoint's stored event list; a damaged one subscribes to nothing. */
export function storedEvents(stored: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((event): event is string => typeof event === "string") : [];
  } catch {
    return [];
  }
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return webhookSchema.parse({
    id: row.id,
    url: row.url,
    description: row.description,
    events: storedEvents(row.events),
    status: row.disabledAt ? "disabled" : "enabled",
    disabled_at: iso(row.disabledAt),
    disabled_reason: row.disabledReason,
    failing_since: iso(row.failingSince),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

export function toCreatedWebhookView(row: WebhookRow, secret: string) {
  return createdWebhookSchema.parse({ ...toWebhookView(row), secret });
}

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  const status = row.status === "succeeded" || row.status === "failed" ? row.status : "pending";
  return deliverySchema.parse({
    id: row.id,
    message_id: row.messageId,
    type: row.type,
    status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    last_error: row.lastError,
    duration_ms: row.durationMs,
    last_attempt_at: iso(row.lastAttemptAt),
    next_attempt_at: status === "pending" ? row.nextAttemptAt.toISOString() : null,
    delivered_at: iso(row.deliveredAt),
    created_at: row.createdAt.toISOString(),
  });
}
