"use client";

import { useState } from "react";
import { Dialog } from "@/components/dialog";
import { FormError } from "@/components/form-error";
import { DialogActions } from "@/components/keys/dialog-actions";
import { messageOf } from "@/lib/client/keys";
import { createWebhook, deleteWebhook, updateWebhook, type IssuedWebhook, type Webhook, type WebhookChange } from "@/lib/client/webhooks";
import { EndpointForm, type EndpointValues } from "./endpoint-form";
import { isEventType } from "./event-help";

type CloseFocus = { onCloseAutoFocus?: (event: Event) => void };

export function AddEndpointDialog({
  open,
  onOpenChange,
  onCreated,
  onCloseAutoFocus,
}: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (issued: IssuedWebhook) => void } & CloseFocus) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Add webhook endpoint"
      description="We post the events you choose to this URL, signed with a secret shown once after you add it."
      testId="add-webhook-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {/* Mounted only while open, so every opening starts from a clean form. */}
      <EndpointForm
        initial={{ url: "", description: null, events: [] }}
        submitLabel="Add endpoint"
        pendingLabel="Adding…"
        onSubmit={async (values) => onCreated(await createWebhook(values))}
        onCancel={() => onOpenChange(false)}
      />
    </Dialog>
  );
}

/** Only what changed is sent: a URL change needs a recent sign-in, a new description does not. */
function changesOf(webhook: Webhook, values: EndpointValues): WebhookChange {
  const change: WebhookChange = {};
  if (values.url !== webhook.url) change.url = values.url;
  if (values.description !== webhook.description) change.description = values.description;
  const before = [...webhook.events].sort().join(",");
  if ([...values.events].sort().join(",") !== before) change.events = values.events;
  return change;
}

export function EditEndpointDialog({
  target,
  onCancel,
  onSaved,
  onCloseAutoFocus,
}: { target: Webhook | null; onCancel: () => void; onSaved: (webhook: Webhook | null) => void } & CloseFocus) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title="Edit webhook endpoint"
      description="The signing secret stays the same."
      testId="edit-webhook-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {target ? (
        <EndpointForm
          initial={{ url: target.url, description: target.description, events: target.events.filter(isEventType) }}
          submitLabel="Save changes"
          pendingLabel="Saving…"
          onSubmit={async (values) => {
            const change = changesOf(target, values);
            onSaved(Object.keys(change).length === 0 ? null : await updateWebhook(target.id, change));
          }}
          onCancel={onCancel}
        />
      ) : null}
    </Dialog>
  );
}

export function DeleteEndpointDialog({
  target,
  onCancel,
  onDeleted,
  onCloseAutoFocus,
}: { target: Webhook | null; onCancel: () => void; onDeleted: (webhook: Webhook) => void } & CloseFocus) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title="Delete webhook endpoint"
      description={
        target ? (
          <>
            Delete <span className="font-mono break-all text-slate-900">{target.url}</span>? Events stop being posted to it at once and its delivery history
            is deleted. This cannot be undone.
          </>
        ) : null
      }
      testId="delete-webhook-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {target ? <DeleteForm target={target} onCancel={onCancel} onDeleted={onDeleted} /> : null}
    </Dialog>
  );
}

function DeleteForm({ target, onCancel, onDeleted }: { target: Webhook; onCancel: () => void; onDeleted: (webhook: Webhook) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    setError(null);
    try {
      await deleteWebhook(target.id);
      onDeleted(target);
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <DialogActions error={null} pending={pending} onCancel={onCancel} label="Delete endpoint" pendingLabel="Deleting…" variant="danger" onConfirm={remove} />
    </div>
  );
}
