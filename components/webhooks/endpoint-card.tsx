"use client";

import { Button } from "@/components/button";
import { When } from "@/components/keys/when";
import type { Webhook } from "@/lib/client/webhooks";
import { WEBHOOK_EVENT_TYPES } from "@/lib/notifications/types";
import { Deliveries } from "./deliveries";

export type EndpointActions = {
  onTest: (webhook: Webhook) => void;
  onEdit: (webhook: Webhook, trigger: HTMLElement) => void;
  onDelete: (webhook: Webhook, trigger: HTMLElement) => void;
  onSetEnabled: (webhook: Webhook, enabled: boolean) => void;
  onToggleDeliveries: (webhook: Webhook) => void;
};

/** In the order the add and edit forms list them, whatever order the server keeps them in. */
function inFormOrder(events: string[]): string[] {
  const rank = (type: string) => {
    const index = (WEBHOOK_EVENT_TYPES as readonly string[]).indexOf(type);
    return index === -1 ? WEBHOOK_EVENT_TYPES.length : index;
  };
  return [...events].sort((a, b) => rank(a) - rank(b));
}

/** What the endpoint's owner reads when it was switched off: the server's reason, or why it usually is. */
function disabledText(webhook: Webhook): string {
  if (webhook.disabled_reason) return webhook.disabled_reason;
  return webhook.failing_since ? "Disabled after failing for 24 hours" : "Disabled";
}

export function EndpointCard({
  webhook,
  open,
  busy,
  reloadToken,
  ...actions
}: { webhook: Webhook; open: boolean; busy: boolean; reloadToken: number } & EndpointActions) {
  const enabled = webhook.status === "enabled";
  const deliveriesId = `deliveries-${webhook.id}`;
  const context = <span className="sr-only"> {webhook.url}</span>;
  return (
    <li data-testid="webhook-endpoint" data-id={webhook.id} data-status={webhook.status} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-mono text-sm font-semibold break-all text-slate-900" data-testid="webhook-url">
              {webhook.url}
            </h2>
            <span
              data-testid="webhook-status"
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${enabled ? "bg-green-100 text-green-800" : "bg-red-100 text-red-800"}`}
            >
              {enabled ? "Enabled" : "Disabled"}
            </span>
          </div>
          {webhook.description ? <p className="text-sm text-slate-600">{webhook.description}</p> : null}
          <ul aria-label="Events" className="flex flex-wrap gap-1 pt-1">
            {inFormOrder(webhook.events).map((type) => (
              <li key={type} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                {type}
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500">
            Added <When iso={webhook.created_at} />
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => actions.onTest(webhook)} disabled={busy}>
            Send test event{context}
          </Button>
          <Button variant="secondary" onClick={(event) => actions.onEdit(webhook, event.currentTarget)} disabled={busy}>
            Edit{context}
          </Button>
          {enabled ? (
            <Button variant="secondary" onClick={() => actions.onSetEnabled(webhook, false)} disabled={busy}>
              Disable{context}
            </Button>
          ) : null}
          <Button variant="secondary" className="text-red-700" onClick={(event) => actions.onDelete(webhook, event.currentTarget)} disabled={busy}>
            Delete{context}
          </Button>
        </div>
      </div>

      {!enabled ? (
        <div role="status" data-testid="webhook-disabled-warning" className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          <div>
            <p className="font-medium">{disabledText(webhook)}</p>
            <p className="text-xs">
              {webhook.disabled_at ? (
                <>
                  Disabled <When iso={webhook.disabled_at} />.{" "}
                </>
              ) : null}
              No events are posted to it until you enable it.
              {webhook.failing_since ? (
                <>
                  {" "}
                  Failing since <When iso={webhook.failing_since} />.
                </>
              ) : null}
            </p>
          </div>
          <Button onClick={() => actions.onSetEnabled(webhook, true)} disabled={busy}>
            Enable{context}
          </Button>
        </div>
      ) : webhook.failing_since ? (
        <p role="status" data-testid="webhook-failing" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Deliveries have been failing since <When iso={webhook.failing_since} />. The endpoint is disabled after 24 hours of failures.
        </p>
      ) : null}

      <div className="mt-4 border-t border-slate-100 pt-3">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={deliveriesId}
          onClick={() => actions.onToggleDeliveries(webhook)}
          className="text-sm font-medium text-indigo-700 underline"
        >
          {open ? "Hide deliveries" : "Show deliveries"}
        </button>
        {open ? (
          <div id={deliveriesId} className="mt-3">
            <Deliveries endpointId={webhook.id} reloadToken={reloadToken} />
          </div>
        ) : null}
      </div>
    </li>
  );
}
