"use client";

import { absoluteTime, relativeTime, utcTime } from "@/lib/client/format";
import { useHydrated } from "@/lib/client/use-hydrated";

/**
 * A time as "3 days ago" (or, with `absolute`, in the reader's time zone), the other form in
 * its title. The server and hydration render UTC text, so a server-rendered page never
 * disagrees with its first client render; the reader's form follows at once.
 */
export function When({ iso, never, absolute = false }: { iso: string | null; never?: string; absolute?: boolean }) {
  const hydrated = useHydrated();
  if (!iso) return <span className="text-slate-500">{never ?? "—"}</span>;
  if (!hydrated) {
    return (
      <time dateTime={iso} title={utcTime(iso)}>
        {utcTime(iso)}
      </time>
    );
  }
  return (
    <time dateTime={iso} title={absolute ? relativeTime(iso) : absoluteTime(iso)}>
      {absolute ? absoluteTime(iso) : relativeTime(iso)}
    </time>
  );
}
