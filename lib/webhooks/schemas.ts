// The webhooks API's request and response shapes: they validate requests, shape every answer (so
// the sealed secret cannot slip out of a row) and generate the OpenAPI document. Where a URL may
// point is checked after parsing (url-guard: it resolves the name), with the same 400.
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/lib/notifications/types";

/** Longer URLs are refused (here and in lib/webhooks/url-guard.ts). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const WEBHOOK_SECRET_WARNING = "Copy this signing secret now: it is shown only once.";
export const MAX_WEBHOOK_ENDPOINTS = 10;
export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

const webhookUrlSchema = z
  .string({ error: "url must be the endpoint's https:// URL." })
  .trim()
  .min(1, "url must be the endpoint's https:// URL.")
  .max(MAX_WEBHOOK_URL_LENGTH, `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters.`)
  .describe(
    "Where events are POSTed: an `https://` URL whose host is a name (not an IP address) that resolves only to public addresses, without a user name or password; at most 2,048 characters.",
  );

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `Each event must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}.` }), {
    error: "events must be a list of event types.",
  })
  .min(1, "events must name at least one event type.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, { message: "events must not repeat an event type." })
  .describe(`The events to send: ${WEBHOOK_EVENT_TYPES.map((type) => `\`${type}\``).join(", ")}.`);

const descriptionSchema = z
  .string({ error: "description must be text of at most 200 characters, or null." })
  .trim()
  .max(200, "description must be at most 200 characters.")
  .nullable()
  .transform((text) => (text === null || text === "" ? null : text))
  .describe("What the endpoint is for, for people; at most 200 characters.");

export const createWebhookRequestSchema = z.strictObject({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: descriptionSchema.optional(),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

export const updateWebhookRequestSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: descriptionSchema.optional(),
    enabled: z
      .boolean({ error: "enabled must be true or false." })
      .optional()
      .describe("false pauses the endpoint; true turns it on again and forgets earlier failures."),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "Send url, events, description or enabled." });
export type UpdateWebhookRequest = z.infer<typeof updateWebhookRequestSchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe("How many deliveries, newest first (1 to 100)."),
});

export const webhookIdSchema = z.uuid();

const isoTime = z.iso.datetime();

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["enabled", "disabled"]),
  disabled_at: isoTime.nullable(),
  disabled_reason: z.string().nullable().describe("Why it is off: paused by a user, or failing for too long."),
  failing_since: isoTime.nullable().describe("The first failed attempt since the last success; null while deliveries succeed."),
  created_at: isoTime,
  updated_at: isoTime,
});
export type WebhookView = z.infer<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().describe("The signing secret (`whsec_…`, Standard Webhooks). Returned only in this response."),
});

export const deliverySchema = z.object({
  id: z.uuid(),
  message_id: z.string().describe("The `webhook-id` header: the same on every attempt and redelivery of the message."),
  type: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  last_attempt_at: isoTime.nullable(),
  next_attempt_at: isoTime.nullable().describe("When the next attempt is due; null unless pending."),
  delivered_at: isoTime.nullable(),
  created_at: isoTime,
});
export type DeliveryView = z.infer<typeof deliverySchema>;

export const createdWebhookResponseSchema = z.object({
  data: createdWebhookSchema,
  meta: z.object({ warning: z.literal(WEBHOOK_SECRET_WARNING) }),
});
export const webhookResponseSchema = z.object({ data: webhookSchema });
export const webhookListResponseSchema = z.object({ data: z.array(webhookSchema) });
export const deliveryResponseSchema = z.object({ data: deliverySchema });
export const deliveryListResponseSchema = z.object({ data: z.array(deliverySchema) });
