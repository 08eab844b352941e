import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/notifications/types";

/** One line per event an endpoint can subscribe to: when it is sent. */
export const EVENT_HELP: Record<WebhookEventType, string> = {
  "key.created": "A key was created.",
  "key.rotated": "A key was rotated; the old one keeps working until its grace period ends.",
  "key.revoked": "A key was revoked and stopped working.",
  "key.expiring": "A key expires in 14, 7 or 1 days.",
  "key.expired": "A key reached its expiry date and stopped working.",
  "key.grace_ending": "The old key of a rotation stops working within the hour.",
  "key.exposed": "A key was found in public, for example by GitHub secret scanning.",
  "key.new_source": "A key was used from a network not seen in the last 30 days.",
};

export function isEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
