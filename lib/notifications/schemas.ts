import { z } from "zod";
import { NOTIFICATION_TYPES } from "./types";

export const notificationSchema = z.object({
  id: z.string().describe("msg_…: also the webhook-id of its webhook deliveries."),
  type: z.enum(NOTIFICATION_TYPES),
  title: z.string().describe("One plain sentence for people."),
  key: z.object({ id: z.string(), name: z.string(), preview: z.string() }).nullable(),
  data: z.record(z.string(), z.unknown()).describe("The event's data, as webhooks receive it."),
  created_at: z.iso.datetime(),
  read: z.boolean().describe("Whether the signed-in user has seen it."),
});
export type NotificationView = z.infer<typeof notificationSchema>;

const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export const listNotificationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(CURSOR_PATTERN, { error: "cursor must be a next_cursor from an earlier answer." })
    .optional()
    .describe("Older notifications: the next_cursor of the previous page. Opaque."),
  unread: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .describe("`true`: only those the signed-in user has not read."),
});

export const notificationListResponseSchema = z.object({
  data: z.array(notificationSchema),
  meta: z.object({
    unread_count: z.number().int().min(0),
    next_cursor: z.string().nullable().describe("Opaque. Pass as cursor for the next (older) page; null at the end."),
  }),
});

export const unreadCountResponseSchema = z.object({ data: z.object({ unread_count: z.number().int().min(0) }) });

export const markReadRequestSchema = z.strictObject({
  ids: z
    .array(z.string().regex(/^msg_[0-9A-Z]{26}$/, { error: "Each id must be a notification id (msg_…)." }))
    .min(1)
    .max(100)
    .optional()
    .describe("The notifications to mark read; leave out to mark every one read."),
});
