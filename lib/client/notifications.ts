// The bell's and the notifications page's way to /api/v1/notifications. Answers are checked
// against the API's own schemas (lib/notifications/schemas.ts), so a change shows as a readable error.
import { notificationListResponseSchema, unreadCountResponseSchema, type NotificationView } from "@/lib/notifications/schemas";
import { apiFetch } from "./api";
import { expectShape } from "./keys";

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** Dispatched on window whenever something here changes the unread count; the bell refreshes at once. */
export const NOTIFICATIONS_CHANGED_EVENT = "notifications:changed";
export type NotificationsChangedDetail = { unreadCount?: number };

export type NotificationItem = NotificationView;
const listSchema = notificationListResponseSchema;
const countSchema = unreadCountResponseSchema;

export type NotificationPage = { items: NotificationItem[]; unreadCount: number; nextCursor: string | null };

export async function listNotifications(cursor: string | null, limit = NOTIFICATIONS_PAGE_SIZE): Promise<NotificationPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  const page = expectShape(listSchema, await apiFetch<unknown>(`/api/v1/notifications?${query}`));
  return { items: page.data, unreadCount: page.meta.unread_count, nextCursor: page.meta.next_cursor };
}

export async function unreadCount(): Promise<number> {
  return expectShape(countSchema, await apiFetch<unknown>("/api/v1/notifications/unread-count")).data.unread_count;
}

/** Marks these notifications read for the signed-in user (no ids: all of them); the unread count after. */
export async function markRead(ids?: string[]): Promise<number> {
  const body = ids ? { ids } : {};
  return expectShape(countSchema, await apiFetch<unknown>("/api/v1/notifications/read", { method: "POST", body })).data.unread_count;
}

/** Tells the bell (and anything else listening) that the unread count changed. */
export function announceNotificationsChanged(unreadCount?: number): void {
  window.dispatchEvent(new CustomEvent<NotificationsChangedDetail>(NOTIFICATIONS_CHANGED_EVENT, { detail: { unreadCount } }));
}

/** "3", "99+": the badge's text. */
export function badgeText(count: number): string {
  return count > 99 ? "99+" : String(count);
}

/** The bell's accessible name: "Notifications, 3 unread", or just "Notifications". */
export function bellLabel(count: number | null): string {
  return count && count > 0 ? `Notifications, ${count > 99 ? "more than 99" : count} unread` : "Notifications";
}
