"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { NOTIFICATIONS_CHANGED_EVENT, badgeText, bellLabel, unreadCount, type NotificationsChangedDetail } from "@/lib/client/notifications";

/** How often the count is asked for while the tab is visible. */
const POLL_MS = 30_000;

/**
 * The header's way to /notifications, with the number of unread notifications. The count is
 * asked for on mount, every 30 s while the tab is visible, when the window regains focus or the
 * tab becomes visible, and at once when the notifications page announces a change. A failed
 * request keeps the last count: the bell is a hint, never an error.
 */
export function NotificationBell() {
  const [count, setCount] = useState<number | null>(null);
  const pathname = usePathname();
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await unreadCount();
      if (mine === seq.current) setCount(next);
    } catch {
      // Signed out, offline, or the server is busy: keep what the bell shows and try again later.
    }
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const start = () => {
      stop();
      timer = setInterval(() => void refresh(), POLL_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        void refresh();
        start();
      } else {
        stop();
      }
    };
    const onFocus = () => void refresh();
    const onChanged = (event: Event) => {
      const detail = (event as CustomEvent<NotificationsChangedDetail | undefined>).detail;
      if (typeof detail?.unreadCount === "number") {
        // Shown at once; a stale request still in flight must not overwrite it.
        seq.current += 1;
        setCount(detail.unreadCount);
      } else {
        void refresh();
      }
    };

    if (document.visibilityState === "visible") {
      void refresh();
      start();
    }
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("focus", onFocus);
    window.addEventListener(NOTIFICATIONS_CHANGED_EVENT, onChanged);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("focus", onFocus);
      window.removeEventListener(NOTIFICATIONS_CHANGED_EVENT, onChanged);
    };
  }, [refresh]);

  const active = pathname === "/notifications";
  const unread = count ?? 0;
  return (
    <Link
      href="/notifications"
      aria-label={bellLabel(count)}
      aria-current={active ? "page" : undefined}
      data-testid="notification-bell"
      data-unread={count ?? undefined}
      className={`relative inline-flex h-9 w-9 items-center justify-center rounded-md ${active ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`}
    >
      <BellIcon />
      {unread > 0 ? (
        <span
          aria-hidden="true"
          data-testid="notification-count"
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white"
        >
          {badgeText(unread)}
        </span>
      ) : null}
    </Link>
  );
}

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className="h-5 w-5">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
