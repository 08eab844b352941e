// Settings → Webhooks' way to /api/v1/webhooks. Answers are checked against the API's own schemas
// (lib/webhooks/schemas.ts), so a change of shape shows as a readable error, not a broken table.
// The signing secret exists only in the answer to a create, handed straight to the reveal dialog.
import type { WebhookEventType } from "@/lib/notifications/types";
import {
  createdWebhookResponseSchema as createdResponse,
  deliveryListResponseSchema as deliveryListResponse,
  deliveryResponseSchema as deliveryResponse,
  webhookListResponseSchema as webhookListResponse,
  webhookResponseSchema as webhookResponse,
  type DeliveryView,
  type WebhookView,
} from "@/lib/webhooks/schemas";
import { apiFetch } from "./api";
import { expectShape } from "./keys";

export type Webhook = WebhookView;
export type Delivery = DeliveryView;

/** What the reveal dialog needs: the endpoint, its secret (shown once) and the server's warning. */
export type IssuedWebhook = { webhook: Webhook; secret: string; warning: string };

export type WebhookInput = { url: string; events: WebhookEventType[]; description: string | null };
export type WebhookChange = Partial<WebhookInput> & { enabled?: boolean };

const path = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;

export async function listWebhooks(): Promise<Webhook[]> {
  return expectShape(webhookListResponse, await apiFetch<unknown>("/api/v1/webhooks")).data;
}

export async function createWebhook(body: WebhookInput): Promise<IssuedWebhook> {
  const { data, meta } = expectShape(createdResponse, await apiFetch<unknown>("/api/v1/webhooks", { method: "POST", body }));
  const { secret, ...webhook } = data;
  return { webhook, secret, warning: meta.warning };
}

/** Changes only the fields given; `enabled: true` also clears failing_since. */
export async function updateWebhook(id: string, body: WebhookChange): Promise<Webhook> {
  return expectShape(webhookResponse, await apiFetch<unknown>(path(id), { method: "PATCH", body })).data;
}

export async function deleteWebhook(id: string): Promise<void> {
  await apiFetch<unknown>(path(id), { method: "DELETE" });
}

export async function listDeliveries(id: string, limit = 50): Promise<Delivery[]> {
  return expectShape(deliveryListResponse, await apiFetch<unknown>(`${path(id)}/deliveries?limit=${limit}`)).data;
}

export async function sendTestEvent(id: string): Promise<Delivery> {
  return expectShape(deliveryResponse, await apiFetch<unknown>(`${path(id)}/test`, { method: "POST" })).data;
}

export async function redeliver(id: string, deliveryId: string): Promise<Delivery> {
  return expectShape(deliveryResponse, await apiFetch<unknown>(`${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: "POST" })).data;
}
