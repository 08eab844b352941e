"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { AUDIT_FILTERS, AUDIT_PAGE_SIZE, listAuditEvents, type AuditEvent } from "@/lib/client/audit-events";
import { absoluteTime, relativeTime } from "@/lib/client/format";
import { messageOf } from "@/lib/client/keys";
import { useMediaQuery } from "@/lib/client/use-media-query";
import { actionLabel, actorOf, metadataSummary } from "./event-summary";


type State = {
  events: AuditEvent[];
  nextCursor: string | null;
  status: "loading" | "ready" | "loading-more";
  error: string | null;
  announcement: string;
};

/** The account's audit events, newest first, a page at a time. */
export function AuditLog() {
  const [state, setState] = useState<State>({ events: [], nextCursor: null, status: "loading", error: null, announcement: "" });
  const [type, setType] = useState("");
  const wide = useMediaQuery("(min-width: 768px)");
  const started = useRef(false);

  const load = useCallback(async (cursor: string | null, filter: string) => {
    setState((current) => ({ ...current, status: cursor ? "loading-more" : "loading", error: null }));
    try {
      const page = await listAuditEvents(cursor, AUDIT_PAGE_SIZE, filter);
      setState((current) => {
        const events = cursor ? [...current.events, ...page.events.filter((event) => !current.events.some((seen) => seen.id === event.id))] : page.events;
        return {
          events,
          nextCursor: page.nextCursor,
          status: "ready",
          error: null,
          announcement: cursor ? `Loaded ${page.events.length} more events.` : `${events.length} events shown.`,
        };
      });
    } catch (error) {
      setState((current) => ({ ...current, status: "ready", error: messageOf(error) }));
    }
  }, []);

  useEffect(() => {
    // Strict mode mounts twice in development; one first page is enough.
    if (started.current) return;
    started.current = true;
    void load(null, "");
  }, [load]);

  return (
    <section aria-labelledby="audit-log-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 id="audit-log-heading" className="text-2xl font-semibold">
            Audit log
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Who created, rotated or revoked which API key, who signed in and changed their security settings, when, and from where.
            Newest first.
          </p>
        </div>
        <div className="flex items-end gap-2">
          <label className="text-sm text-slate-700">
            <span className="block font-medium">Show</span>
            <select
              className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-2 text-sm"
              value={type}
              onChange={(event) => {
                setType(event.target.value);
                void load(null, event.target.value);
              }}
            >
              {AUDIT_FILTERS.map((filter) => (
                <option key={filter.type} value={filter.type}>
                  {filter.label}
                </option>
              ))}
            </select>
          </label>
          <Button variant="secondary" onClick={() => void load(null, type)} disabled={state.status !== "ready"}>
            Refresh
          </Button>
        </div>
      </div>

      <div aria-busy={state.status !== "ready"}>
        {state.status === "loading" ? <p className="text-sm text-slate-600">Loading events…</p> : null}
        {state.status !== "loading" && state.events.length === 0 && !state.error ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="audit-empty">
            {type ? "No events of this kind yet." : "No events yet. Creating, rotating or revoking an API key is recorded here."}
          </p>
        ) : null}
        {state.events.length > 0 ? wide ? <EventTable events={state.events} /> : <EventCards events={state.events} /> : null}
        {state.error ? (
          <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
            <span>Could not load audit events: {state.error}</span>
            <Button variant="secondary" onClick={() => void load(state.events.length > 0 ? state.nextCursor : null, type)}>
              Try again
            </Button>
          </div>
        ) : null}
        {state.nextCursor && state.status !== "loading" ? (
          <div className="mt-4 flex justify-center">
            <Button variant="secondary" onClick={() => void load(state.nextCursor, type)} disabled={state.status === "loading-more"}>
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

function EventTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">When</th>
            <th scope="col" className="px-3 py-2 font-medium">Who</th>
            <th scope="col" className="px-3 py-2 font-medium">What</th>
            <th scope="col" className="px-3 py-2 font-medium">Key</th>
            <th scope="col" className="px-3 py-2 font-medium">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-event" data-action={event.action} className="align-top">
              <td className="px-3 py-3 whitespace-nowrap">
                <When iso={event.created_at} />
              </td>
              <td className="px-3 py-3 break-words">{actorOf(event)}</td>
              <td className="px-3 py-3">
                <Action event={event} />
              </td>
              <td className="px-3 py-3">
                <KeyCell event={event} />
              </td>
              <td className="px-3 py-3">
                <Origin event={event} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventCards({ events }: { events: AuditEvent[] }) {
  return (
    <ol className="space-y-3" data-testid="audit-cards" aria-label="Audit events, newest first">
      {events.map((event) => (
        <li key={event.id} data-testid="audit-event" data-action={event.action} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <Action event={event} />
            <When iso={event.created_at} />
          </div>
          <dl className="mt-2 space-y-1">
            <div>
              <dt className="inline text-xs text-slate-500">Who: </dt>
              <dd className="inline break-words">{actorOf(event)}</dd>
            </div>
            <div>
              <dt className="inline text-xs text-slate-500">Key: </dt>
              <dd className="inline">
                <KeyCell event={event} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">From</dt>
              <dd>
                <Origin event={event} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

function Action({ event }: { event: AuditEvent }) {
  const details = metadataSummary(event);
  return (
    <div>
      <span className="font-medium">{actionLabel(event.action)}</span>
      {details ? <p className="mt-0.5 text-xs text-slate-500">{details}</p> : null}
    </div>
  );
}

function KeyCell({ event }: { event: AuditEvent }) {
  if (!event.key) return <span className="text-slate-500">—</span>;
  return (
    <span>
      <span className="font-medium break-words">{event.key.name}</span>{" "}
      <span className="font-mono text-xs text-slate-500" title={event.key.id}>
        {event.key.id.slice(0, 8)}
      </span>
    </span>
  );
}

function Origin({ event }: { event: AuditEvent }) {
  return (
    <div className="space-y-0.5">
      <p className="font-mono text-xs">{event.ip ?? "unknown IP"}</p>
      {event.user_agent ? (
        <p className="max-w-xs truncate text-xs text-slate-500" title={event.user_agent}>
          {event.user_agent}
        </p>
      ) : null}
    </div>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className="whitespace-nowrap">
      {relativeTime(iso)}
    </time>
  );
}
