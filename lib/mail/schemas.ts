// E-mail notification settings (Settings → Account): what GET and PATCH
// /api/v1/account/notification-settings read and answer. No server code here: the client imports it.
import { z } from "zod";

const expiry = z.boolean().describe("Expiry reminders: 14, 7 and 1 days before a key expires, and when it expires (key.expiring, key.expired, key.grace_ending).");
const exposure = z.boolean().describe("Exposed keys: a key found in public (key.exposed).");
const newSource = z.boolean().describe("New sources: a key used from a network not seen in 30 days (key.new_source).");

export const emailSettingsSchema = z.object({
  configured: z.boolean().describe("Whether this server sends e-mail at all (SMTP_URL is set). When false, notifications appear in the console and on webhooks only."),
  address: z.string().describe("Where your e-mails go: your sign-in address."),
  expiry,
  exposure,
  new_source: newSource,
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

export const notificationSettingsSchema = z.object({ email: emailSettingsSchema });
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const notificationSettingsResponseSchema = z.object({ data: notificationSettingsSchema });

export const updateNotificationSettingsSchema = z.strictObject({
  email: z
    .strictObject({ expiry: expiry.optional(), exposure: exposure.optional(), new_source: newSource.optional() })
    .refine((email) => email.expiry !== undefined || email.exposure !== undefined || email.new_source !== undefined, {
      message: "Send at least one of expiry, exposure and new_source.",
    })
    .describe("Only the preferences sent change."),
});
export type UpdateNotificationSettingsInput = z.infer<typeof updateNotificationSettingsSchema>;
