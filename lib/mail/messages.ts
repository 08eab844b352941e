// The e-mail for a notification: one short plain-text message per type that is e-mailed (which
// preference covers which type: EMAIL_PREFERENCE in lib/notifications/types.ts). What happened, to
// which key, what to do, and a link to the key. Never a secret: the key's preview at most.
import { keyPageUrl, publicBaseUrl } from "@/lib/notifications/links";
import { EMAIL_PREFERENCE, OWNER_EMAIL_TYPES, type NotificationType } from "@/lib/notifications/types";

type EmailPreference = "emailExpiry" | "emailExposure" | "emailNewSource";
/** The notification types that go out by e-mail. */
export type EmailedType = { [T in NotificationType]: (typeof EMAIL_PREFERENCE)[T] extends null ? never : T }[NotificationType];

export function isEmailedType(type: string): type is EmailedType {
  return Object.hasOwn(EMAIL_PREFERENCE, type) && EMAIL_PREFERENCE[type as NotificationType] !== null;
}

export type NotificationEmailInput = {
  type: string;
  keyName: string | null;
  keyPreview: string | null;
  keyId: string | null;
  /** The event's data object (Notification.data), parsed or as its JSON text. */
  data: unknown;
};

export type MailContent = { subject: string; text: string };

const SUBJECT_PREFIX = "[SOC Platform]";
const MAX_NAME_LENGTH = 100;

export { publicBaseUrl };

/** The subject and body for one notification. Throws for a type that is never e-mailed. */
export function notificationEmail(n: NotificationEmailInput): MailContent {
  if (OWNER_EMAIL_TYPES.has(n.type)) return ownerEmail(asRecord(n.data));
  if (!isEmailedType(n.type)) throw new Error(`Notifications of type ${JSON.stringify(n.type)} are not sent by e-mail.`);
  const data = asRecord(n.data);
  const name = n.keyName === null ? null : cleanText(n.keyName, MAX_NAME_LENGTH);
  const key = {
    /** “Splunk forwarder”, or “the key” when the name is unknown. */
    quoted: name ? `“${name}”` : "",
    preview: n.keyPreview ? cleanText(n.keyPreview, 40) : null,
  };
  const described = `${name ? `Your API key ${key.quoted}` : "One of your API keys"}${key.preview ? ` (${key.preview})` : ""}`;
  const base = publicBaseUrl();
  const link = n.keyId ? keyPageUrl(n.keyId) : `${base}/settings/api-keys`;
  const subjectKey = name ? `Key ${key.quoted}` : "An API key";
  const content = compose(n.type, { data, described, subjectKey, name: key.quoted, base });
  const footer = [
    `Open the key: ${link}`,
    "",
    "-- ",
    `You get this e-mail because “${PREFERENCE_LABELS[EMAIL_PREFERENCE[n.type] as EmailPreference]}” is on in Settings → Account → E-mail notifications:`,
    `${base}/settings/account`,
  ];
  return {
    subject: cleanText(`${SUBJECT_PREFIX} ${content.subject}`, 200),
    text: [...content.lines, "", ...footer].join("\n") + "\n",
  };
}

/** A member who created keys that still work was removed: every owner is told, whatever their preferences. */
function ownerEmail(data: Record<string, unknown>): MailContent {
  const base = publicBaseUrl();
  const member = asRecord(data.member);
  const who = typeof member.email === "string" ? cleanText(member.email, 254) : "A member";
  const count = typeof data.active_keys === "number" ? data.active_keys : 0;
  const keys = `${count} API ${count === 1 ? "key" : "keys"}`;
  const lines = [
    `${who} was removed from your account. ${keys} they created still ${count === 1 ? "works" : "work"}: the account owns them, so integrations using them are not interrupted.`,
    "",
    "Check whether each is still needed, then rotate it (so nobody who left holds a working secret) or revoke it.",
    `Keys from people who left: ${base}/settings/api-keys?created_by=left`,
    "",
    "-- ",
    "Every owner of the account gets this e-mail.",
  ];
  return { subject: cleanText(`${SUBJECT_PREFIX} ${who} left; ${keys} they created still ${count === 1 ? "works" : "work"}`, 200), text: lines.join("\n") + "\n" };
}

/** The checkboxes' labels on Settings → Account (components/account/email-notifications.tsx). */
const PREFERENCE_LABELS: Record<EmailPreference, string> = {
  emailExpiry: "Expiry reminders",
  emailExposure: "Exposed keys",
  emailNewSource: "New sources",
};

type Parts = { data: Record<string, unknown>; described: string; subjectKey: string; name: string; base: string };

function compose(type: EmailedType, { data, described, subjectKey, name, base }: Parts): { subject: string; lines: string[] } {
  switch (type) {
    case "key.expiring": {
      const expiresAt = dateOf(data.expires_at);
      const days = daysLeft(data.days_left, expiresAt);
      const when = days === null ? "soon" : days <= 0 ? "today" : `in ${days} ${days === 1 ? "day" : "days"}`;
      return {
        subject: `${subjectKey} expires ${when}`,
        lines: [
          `${described} expires ${when}${expiresAt ? `, on ${formatUtc(expiresAt)}` : ""}.`,
          "",
          "After that, every request made with it is refused. Rotate it before then to get a new key for the same integration, and put the new key in place.",
        ],
      };
    }
    case "key.expired": {
      const expiresAt = dateOf(data.expires_at);
      return {
        subject: `${subjectKey} has expired`,
        lines: [
          `${described} expired${expiresAt ? ` on ${formatUtc(expiresAt)}` : ""}. Requests made with it are now refused.`,
          "",
          "If an integration still needs it, create a new key and put it in place of the old one.",
        ],
      };
    }
    case "key.grace_ending": {
      const endsAt = dateOf(data.grace_ends_at ?? data.ends_at ?? data.revoked_at);
      return {
        subject: name ? `The old key ${name} stops working within the hour` : "An old key stops working within the hour",
        lines: [
          `${described} was replaced in a rotation and stops working within the hour${endsAt ? `, at ${formatUtc(endsAt)}` : ""}.`,
          "",
          "Make sure every integration now uses the new key: anything still sending the old one will be refused.",
        ],
      };
    }
    case "key.exposed": {
      const url = foundAt(data, base);
      const revoked = data.revoked === true;
      return {
        subject: `${subjectKey} was found in public${revoked ? " and revoked" : ""}`,
        lines: [
          `${described} was found in public.`,
          ...(url ? [`Where: ${url}`] : []),
          "",
          revoked
            ? "It has been revoked and no longer works, as your leak policy asks. Create a new key for the integration that used it, and remove the old key from wherever it was published."
            : "It still works, so anyone who found it can use it. Rotate or revoke it now, then remove it from wherever it was published.",
          "Check the key's recent activity for requests you do not recognise.",
        ],
      };
    }
    case "key.new_source": {
      const address = typeof data.address === "string" && data.address ? cleanText(data.address, 64) : "an address not seen before";
      const agent = typeof data.user_agent === "string" && data.user_agent.trim() ? cleanText(data.user_agent, 200) : null;
      return {
        subject: `${subjectKey} was used from a new network`,
        lines: [
          `${described} was used for the first time from ${address}${agent ? ` (user agent: ${agent})` : ""}, a network it has not been used from in the last 30 days.`,
          "",
          "If that was you or one of your integrations, there is nothing to do. If not, rotate or revoke the key now.",
        ],
      };
    }
  }
}

/**
 * User input made fit for a header or a line: control characters (CR and LF included, so nothing
 * can start a new header), line and paragraph separators and bidirectional overrides become
 * spaces or go, runs of spaces shrink to one, and it is cut to max characters.
 */
export function cleanText(text: string, max: number): string {
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : cleaned;
}

/**
 * Where a key was found: exposure_url, or url unless that is the console's own link to the key
 * (the webhook payload's data.url).
 */
function foundAt(data: Record<string, unknown>, base: string): string | null {
  for (const value of [data.exposure_url, data.url]) {
    if (typeof value !== "string" || !value.trim() || value.startsWith(`${base}/`)) continue;
    return cleanText(value, 2048);
  }
  return null;
}

function asRecord(data: unknown): Record<string, unknown> {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string" && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function daysLeft(value: unknown, expiresAt: Date | null): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value);
  if (!expiresAt) return null;
  return Math.ceil((expiresAt.getTime() - Date.now()) / 86_400_000);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "13 December 2026 at 11:00 UTC": the same for every reader, whatever their server's zone. */
export function formatUtc(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, "0");
  const mm = String(date.getUTCMinutes()).padStart(2, "0");
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} at ${hh}:${mm} UTC`;
}
