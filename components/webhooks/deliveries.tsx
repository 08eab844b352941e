"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { When } from "@/components/keys/when";
import { messageOf } from "@/lib/client/keys";
import { listDeliveries, redeliver, type Delivery } from "@/lib/client/webhooks";

/** How often the open endpoint's deliveries are read again while one is still pending. */
const POLL_MS = 5_000;

const STATUS: Record<Delivery["status"], { label: string; className: string }> = {
  pending: { label: "Pending", className: "bg-amber-100 text-amber-900" },
  succeeded: { label: "Succeeded", className: "bg-green-100 text-green-800" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800" },
};

/**
 * The newest deliveries to one endpoint. Read on mount and whenever `reloadToken` changes (a test
 * event was sent), then every 5 s while any is pending and the tab is visible.
 */
export function Deliveries({ endpointId, reloadToken }: { endpointId: string; reloadToken: number }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [redelivering, setRedelivering] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await listDeliveries(endpointId);
      if (mine !== seq.current) return;
      setDeliveries(next);
      setError(null);
    } catch (caught) {
      if (mine === seq.current) setError(messageOf(caught));
    }
  }, [endpointId]);

  useEffect(() => {
    void load();
  }, [load, reloadToken]);

  const pending = deliveries?.some((delivery) => delivery.status === "pending") ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, load]);

  async function again(delivery: Delivery) {
    setRedelivering(delivery.id);
    try {
      const queued = await redeliver(endpointId, delivery.id);
      setDeliveries((current) => current?.map((item) => (item.id === queued.id ? queued : item)) ?? null);
      toast.success(`Redelivery of ${delivery.type} queued.`);
      void load();
    } catch (caught) {
      toast.error(`Could not redeliver: ${messageOf(caught)}`);
    } finally {
      setRedelivering(null);
    }
  }

  if (deliveries === null && !error) return <p className="text-sm text-slate-600">Loading deliveries…</p>;
  return (
    <div className="space-y-2" data-testid="webhook-deliveries">
      {error ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <span>Could not load deliveries: {error}</span>
          <Button variant="secondary" onClick={() => void load()}>
            Try again
          </Button>
        </div>
      ) : null}
      {deliveries && deliveries.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="deliveries-empty">
          No deliveries yet. Send a test event to check the endpoint.
        </p>
      ) : null}
      {deliveries && deliveries.length > 0 ? (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Deliveries, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Event</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 font-medium">Response</th>
                <th scope="col" className="px-3 py-2 font-medium">Attempts</th>
                <th scope="col" className="px-3 py-2 font-medium">Last attempt</th>
                <th scope="col" className="px-3 py-2 font-medium">Error</th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} busy={redelivering === delivery.id} onRedeliver={() => void again(delivery)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {pending ? "A delivery is pending; this list updates by itself." : ""}
      </p>
    </div>
  );
}

function DeliveryRow({ delivery, busy, onRedeliver }: { delivery: Delivery; busy: boolean; onRedeliver: () => void }) {
  const status = STATUS[delivery.status];
  return (
    <tr data-testid="webhook-delivery" data-id={delivery.id} data-status={delivery.status} data-type={delivery.type} className="align-top">
      <td className="px-3 py-2">
        <span className="font-mono text-xs" title={delivery.message_id}>
          {delivery.type}
        </span>
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <span data-testid="delivery-status" className={`rounded px-1.5 py-0.5 text-xs font-medium ${status.className}`}>
          {status.label}
        </span>
        {delivery.status === "pending" && delivery.next_attempt_at ? (
          <p className="mt-1 text-xs text-slate-500">
            next <When iso={delivery.next_attempt_at} />
          </p>
        ) : null}
      </td>
      <td className="px-3 py-2 font-mono text-xs tabular-nums" data-testid="delivery-response">
        {delivery.response_status ?? "—"}
      </td>
      <td className="px-3 py-2 tabular-nums" data-testid="delivery-attempts">
        {delivery.attempts}
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap">
        <When iso={delivery.last_attempt_at} never="not yet" />
        {delivery.duration_ms !== null ? <span className="text-slate-500"> · {delivery.duration_ms} ms</span> : null}
      </td>
      <td className="max-w-xs px-3 py-2 text-xs break-words text-red-800" data-testid="delivery-error">
        {delivery.last_error ?? <span className="text-slate-400">—</span>}
      </td>
      <td className="px-3 py-2 text-right">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onRedeliver} disabled={busy || delivery.status === "pending"}>
          {busy ? "Queueing…" : "Redeliver"}
        </Button>
      </td>
    </tr>
  );
}
