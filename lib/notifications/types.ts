// What the platform tells an account about, and where each kind of notice may go.

/** Events a webhook endpoint can subscribe to (and the console shows). */
export const WEBHOOK_EVENT_TYPES = [
  "key.created",
  "key.rotated",
  "key.revoked",
  "key.expiring",
  "key.expired",
  "key.grace_ending",
  "key.exposed",
  "key.new_source",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Not sent to webhooks: the account's own webhook endpoint was switched off; a member who created
 * keys that still work was removed (those keys are listed under "Keys from people who left").
 */
export const CONSOLE_ONLY_TYPES = ["webhook.disabled", "member.left_with_keys"] as const;

/** E-mailed to every owner of the account whatever their preferences (when SMTP_URL is set). */
export const OWNER_EMAIL_TYPES: ReadonlySet<string> = new Set(["member.left_with_keys"]);

export const NOTIFICATION_TYPES = [...WEBHOOK_EVENT_TYPES, ...CONSOLE_ONLY_TYPES] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The event a "Send test event" delivers; never stored as a notification. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Which e-mail preference (User.emailExpiry, emailExposure, emailNewSource) covers a type; null: never e-mailed. */
export const EMAIL_PREFERENCE = {
  "key.expiring": "emailExpiry",
  "key.expired": "emailExpiry",
  "key.grace_ending": "emailExpiry",
  "key.exposed": "emailExposure",
  "key.new_source": "emailNewSource",
  "key.created": null,
  "key.rotated": null,
  "key.revoked": null,
  "webhook.disabled": null,
  "member.left_with_keys": null,
} as const satisfies Record<NotificationType, "emailExpiry" | "emailExposure" | "emailNewSource" | null>;

/** Days before expires_at at which key.expiring is sent, largest first. */
export const EXPIRY_REMINDER_DAYS = [14, 7, 1] as const;
