"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { messageOf } from "@/lib/client/keys";
import { announceNotificationsChanged, listNotifications, markRead, type NotificationItem } from "@/lib/client/notifications";
import { NotificationRow, type ShownNotification } from "./notification-item";

type State = {
  items: ShownNotification[];
  nextCursor: string | null;
  /** Unread notifications of the account not yet marked read (beyond the pages shown). */
  unread: number;
  status: "loading" | "ready" | "loading-more";
  error: string | null;
  /** The page a failed load asked for, so "Try again" asks for it again. */
  failedCursor: string | null;
  announcement: string;
};

const EMPTY_TEXT = "Nothing yet. Expiry reminders, exposed keys and new sources appear here.";

/**
 * The account's notifications, newest first, a page at a time. What a page shows unread is
 * marked read as soon as it is shown (and the bell told), but stays highlighted for this visit,
 * so the reader still sees what is new. "Mark all read" also covers pages not loaded yet.
 */
export function NotificationsFeed() {
  const [state, setState] = useState<State>({ items: [], nextCursor: null, unread: 0, status: "loading", error: null, failedCursor: null, announcement: "" });
  const [marking, setMarking] = useState(false);
  const started = useRef(false);

  const markShown = useCallback(async (items: NotificationItem[], unreadBefore: number) => {
    const ids = items.filter((item) => !item.read).map((item) => item.id);
    if (ids.length === 0) {
      announceNotificationsChanged(unreadBefore);
      return;
    }
    try {
      const unread = await markRead(ids);
      setState((current) => ({ ...current, unread }));
      announceNotificationsChanged(unread);
    } catch (error) {
      toast.error(`Could not mark notifications read: ${messageOf(error)}`);
    }
  }, []);

  const load = useCallback(
    async (cursor: string | null) => {
      setState((current) => ({ ...current, status: cursor ? "loading-more" : "loading", error: null, failedCursor: null }));
      try {
        const page = await listNotifications(cursor);
        setState((current) => {
          // A refresh keeps this visit's highlight on what was new when first shown.
          const freshBefore = new Set(current.items.filter((item) => item.fresh).map((item) => item.id));
          const incoming = page.items.map((item) => ({ ...item, fresh: !item.read || freshBefore.has(item.id) }));
          const items = cursor ? [...current.items, ...incoming.filter((item) => !current.items.some((seen) => seen.id === item.id))] : incoming;
          return {
            items,
            nextCursor: page.nextCursor,
            unread: page.unreadCount,
            status: "ready",
            error: null,
            failedCursor: null,
            announcement: cursor ? `Loaded ${page.items.length} more notifications.` : `${items.length} notifications shown.`,
          };
        });
        await markShown(page.items, page.unreadCount);
      } catch (error) {
        setState((current) => ({ ...current, status: "ready", error: messageOf(error), failedCursor: cursor }));
      }
    },
    [markShown],
  );

  useEffect(() => {
    // Strict mode mounts twice in development; one first page is enough.
    if (started.current) return;
    started.current = true;
    void load(null);
  }, [load]);

  async function markAll() {
    setMarking(true);
    try {
      const unread = await markRead();
      setState((current) => ({
        ...current,
        unread,
        items: current.items.map((item) => ({ ...item, read: true, fresh: false })),
        announcement: "All notifications marked read.",
      }));
      announceNotificationsChanged(unread);
      toast.success("All notifications marked read.");
    } catch (error) {
      toast.error(`Could not mark notifications read: ${messageOf(error)}`);
    } finally {
      setMarking(false);
    }
  }

  const anyUnread = state.unread > 0 || state.items.some((item) => item.fresh);

  return (
    <section aria-labelledby="notifications-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 id="notifications-heading" className="text-2xl font-semibold">
            Notifications
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            What happened to your account&apos;s API keys and webhooks, newest first. New ones are highlighted and marked read when you open this page.
          </p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => void load(null)} disabled={state.status !== "ready"}>
            Refresh
          </Button>
          <Button variant="secondary" onClick={() => void markAll()} disabled={!anyUnread || marking || state.status === "loading"}>
            {marking ? "Marking…" : "Mark all read"}
          </Button>
        </div>
      </div>

      <div aria-busy={state.status !== "ready"}>
        {state.status === "loading" && state.items.length === 0 ? <p className="text-sm text-slate-600">Loading notifications…</p> : null}
        {state.status !== "loading" && state.items.length === 0 && !state.error ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="notifications-empty">
            {EMPTY_TEXT}
          </p>
        ) : null}
        {state.items.length > 0 ? (
          <ol className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" aria-label="Notifications, newest first" data-testid="notifications-list">
            {state.items.map((item) => (
              <NotificationRow key={item.id} item={item} />
            ))}
          </ol>
        ) : null}
        {state.error ? (
          <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
            <span>Could not load notifications: {state.error}</span>
            <Button variant="secondary" onClick={() => void load(state.failedCursor)}>
              Try again
            </Button>
          </div>
        ) : null}
        {state.nextCursor && state.status !== "loading" ? (
          <div className="mt-4 flex justify-center">
            <Button variant="secondary" onClick={() => void load(state.nextCursor)} disabled={state.status === "loading-more"}>
              {state.status === "loading-more" ? "Loading…" : "Load more"}
            </Button>
          </div>
        ) : null}
        <p className="sr-only" aria-live="polite">
          {state.announcement}
        </p>
      </div>
    </section>
  );
}
