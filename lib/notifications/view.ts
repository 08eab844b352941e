// A notification as the console and the API show it, with one plain sentence for people.
import type { NotificationType } from "./types";
import type { NotificationView } from "./schemas";

type Row = { id: string; type: string; keyId: string | null; keyName: string | null; keyPreview: string | null; data: string; createdAt: Date };

function parseData(stored: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(stored);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function notificationTitle(type: string, keyName: string | null, data: Record<string, unknown>): string {
  const key = `Key “${keyName ?? "unknown"}”`;
  switch (type as NotificationType) {
    case "key.expiring":
      return `${key} expires in ${plural(typeof data.days_left === "number" ? data.days_left : 1, "day")}`;
    case "key.expired":
      return `${key} has expired`;
    case "key.grace_ending":
      return `The old ${key.charAt(0).toLowerCase()}${key.slice(1)} stops working within the hour`;
    case "key.exposed":
      return data.revoked === true ? `${key} was found in public and has been revoked` : `${key} was found in public`;
    case "key.new_source":
      return `${key} was used from a new network${typeof data.address === "string" ? ` (${data.address})` : ""}`;
    case "key.created":
      return `${key} was created`;
    case "key.rotated":
      return `${key} was rotated`;
    case "key.revoked":
      return `${key} was revoked`;
    case "webhook.disabled": {
      const webhook = data.webhook as { url?: unknown } | undefined;
      return `A webhook endpoint was disabled after failing${typeof webhook?.url === "string" ? `: ${webhook.url}` : ""}`;
    }
    case "member.left_with_keys": {
      const member = data.member as { email?: unknown } | undefined;
      const count = typeof data.active_keys === "number" ? data.active_keys : 0;
      return `${typeof member?.email === "string" ? member.email : "A member"} was removed; ${plural(count, "key")} they created still ${count === 1 ? "works" : "work"}`;
    }
    default:
      return type;
  }
}

export function toNotificationView(row: Row, read: boolean): NotificationView {
  const data = parseData(row.data);
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: notificationTitle(row.type, row.keyName, data),
    key: row.keyId && row.keyName && row.keyPreview ? { id: row.keyId, name: row.keyName, preview: row.keyPreview } : null,
    data,
    created_at: row.createdAt.toISOString(),
    read,
  };
}
