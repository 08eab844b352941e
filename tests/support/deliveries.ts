// Webhook deliveries through the public API. The server's delivery worker attempts a due delivery
// at once; while an attempt is in flight a redelivery is refused with 409 (its outcome would be
// lost). A test that redelivers waits until no attempt is due or running, as a user would see it.
import { api } from "./client";

type DeliveryState = { id: string; status: string; next_attempt_at: string | null };

/** Waits until the delivery is no longer due: finished, or waiting for a later retry. */
export async function untilDeliveryIdle(baseUrl: string, cookie: string, webhookId: string, deliveryId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await api(baseUrl, `/api/v1/webhooks/${webhookId}/deliveries?limit=100`, { cookie });
    const delivery = ((await response.json()) as { data: DeliveryState[] }).data.find((row) => row.id === deliveryId);
    if (!delivery) throw new Error(`delivery ${deliveryId} is not listed (HTTP ${response.status})`);
    const due = delivery.status === "pending" && (delivery.next_attempt_at === null || Date.parse(delivery.next_attempt_at) <= Date.now() + 1_000);
    if (!due) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`delivery ${deliveryId} was still due after ${timeoutMs} ms: is the delivery worker running?`);
}
