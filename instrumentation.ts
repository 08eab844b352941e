// Runs once when the server starts (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUsageLifecycle } = await import("@/lib/usage/lifecycle");
  const { startKeyEventSubscriber } = await import("@/lib/redis/key-events");
  const { startAccountChangePoller } = await import("@/lib/accounts/changes");
  const { startNotifications } = await import("@/lib/notifications/lifecycle");
  startUsageLifecycle();
  startKeyEventSubscriber();
  startAccountChangePoller();
  startNotifications();
}
