"use client";

import Link from "next/link";
import type { AuditEvent } from "@/lib/client/audit-events";
import { describeKeyEvent, leakReporter } from "@/lib/client/key-events";
import { When } from "../when";

/** The key's audit events, newest first, each in words with who did it and from where. */
export function KeyHistory({ events, more }: { events: AuditEvent[]; more: boolean }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events yet.</p>;
  return (
    <div className="space-y-3">
      <ol className="divide-y divide-slate-100" aria-label="Events, newest first" data-testid="key-history">
        {events.map((event) => {
          const story = describeKeyEvent(event);
          const alarming = event.action === "api_key.new_source" || event.action === "api_key.exposed";
          return (
            <li key={event.id} data-testid="key-event" data-action={event.action} className="py-3 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <p className={`font-medium break-words ${alarming ? "text-amber-900" : "text-slate-900"}`}>
                  {alarming ? (
                    <span aria-hidden="true" className="mr-1.5 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
                      {event.action === "api_key.exposed" ? "leak" : "new source"}
                    </span>
                  ) : null}
                  {story.title}
                </p>
                <span className="text-xs text-slate-500">
                  <When iso={event.created_at} />
                </span>
              </div>
              {story.details.length > 0 ? (
                <ul className="mt-1 space-y-0.5 text-sm break-words text-slate-700">
                  {story.details.map((detail) => (
                    <li key={detail}>{detail}</li>
                  ))}
                </ul>
              ) : null}
              {story.replacementId ? (
                <Link href={`/settings/api-keys/${story.replacementId}`} className="mt-1 inline-block text-sm text-indigo-700 underline">
                  Open the key that replaced it
                </Link>
              ) : null}
              <p className="mt-1 text-xs break-all text-slate-500">
                {event.actor.email ? `By ${event.actor.email}` : `By ${leakReporter(event) ?? "the key's caller"}`}
                {event.ip ? ` from ${event.ip}` : ""}
                {event.user_agent ? ` · ${event.user_agent}` : ""}
              </p>
            </li>
          );
        })}
      </ol>
      {more ? (
        <p className="text-sm text-slate-600">
          Older events are in the{" "}
          <Link href="/settings/audit-log" className="text-indigo-700 underline">
            audit log
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}
