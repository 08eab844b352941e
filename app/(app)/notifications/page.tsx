import type { Metadata } from "next";
import { NotificationsFeed } from "@/components/notifications/notifications-feed";
import { requirePrincipal } from "@/lib/auth/require-principal";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  await requirePrincipal("/notifications");
  return <NotificationsFeed />;
}
