"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { messageOf } from "@/lib/client/keys";
import { listWebhooks, sendTestEvent, updateWebhook, type IssuedWebhook, type Webhook } from "@/lib/client/webhooks";
import { EndpointCard } from "./endpoint-card";
import { AddEndpointDialog, DeleteEndpointDialog, EditEndpointDialog } from "./endpoint-dialogs";
import { RevealSecretDialog } from "./reveal-secret-dialog";

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; webhooks: Webhook[] };

/** Settings → Webhooks: the account's endpoints, their deliveries, and the dialogs that change them. */
export function WebhooksConsole() {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [issued, setIssued] = useState<IssuedWebhook | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  // The control that opened the current dialog, so focus goes back there (or to the heading if it is gone).
  const trigger = useRef<HTMLElement | null>(null);
  const requestSeq = useRef(0);

  const refresh = useCallback(async () => {
    const seq = ++requestSeq.current;
    try {
      const webhooks = await listWebhooks();
      if (seq === requestSeq.current) setLoaded({ state: "ready", webhooks });
    } catch (error) {
      if (seq !== requestSeq.current) return;
      setLoaded((current) => (current.state === "ready" ? current : { state: "failed", message: messageOf(error) }));
      toast.error(`Could not load webhook endpoints: ${messageOf(error)}`);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const restoreFocus = useCallback((event: Event) => {
    event.preventDefault();
    const target = trigger.current;
    trigger.current = null;
    if (target?.isConnected) target.focus();
    else document.getElementById("webhooks-heading")?.focus();
  }, []);

  function replace(webhook: Webhook) {
    setLoaded((current) => (current.state === "ready" ? { state: "ready", webhooks: current.webhooks.map((w) => (w.id === webhook.id ? webhook : w)) } : current));
  }

  function onCreated(next: IssuedWebhook) {
    setAdding(false);
    setLoaded((current) => (current.state === "ready" ? { state: "ready", webhooks: [next.webhook, ...current.webhooks.filter((w) => w.id !== next.webhook.id)] } : current));
    setOpenId(next.webhook.id);
    setIssued(next);
    toast.success("Webhook endpoint added.");
    void refresh();
  }

  async function setEnabled(webhook: Webhook, enabled: boolean) {
    setBusyId(webhook.id);
    try {
      replace(await updateWebhook(webhook.id, { enabled }));
      toast.success(enabled ? "Endpoint enabled. New events are posted to it again." : "Endpoint disabled. No events are posted to it until you enable it.");
    } catch (error) {
      toast.error(`Could not ${enabled ? "enable" : "disable"} the endpoint: ${messageOf(error)}`);
    } finally {
      setBusyId(null);
    }
  }

  async function test(webhook: Webhook) {
    setBusyId(webhook.id);
    try {
      await sendTestEvent(webhook.id);
      toast.success("Test event queued. Its delivery shows below.");
      setOpenId(webhook.id);
      setReloadToken((token) => token + 1);
    } catch (error) {
      toast.error(`Could not send a test event: ${messageOf(error)}`);
    } finally {
      setBusyId(null);
    }
  }

  const webhooks = loaded.state === "ready" ? loaded.webhooks : [];

  return (
    <section aria-labelledby="webhooks-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 id="webhooks-heading" tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
            Webhooks
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Post key events (expiry reminders, exposed keys, new sources, creates, rotations and revocations) to your SOAR, chat or ticketing system.
            Each request is signed per{" "}
            <a href="https://www.standardwebhooks.com/" className="font-medium text-indigo-700 underline" rel="noreferrer" target="_blank">
              Standard Webhooks
            </a>
            . Failed deliveries are retried; an endpoint failing for 24 hours is disabled and you get a{" "}
            <Link href="/notifications" className="font-medium text-indigo-700 underline">
              notification
            </Link>
            .
          </p>
        </div>
        <Button
          id="add-webhook-button"
          onClick={(event) => {
            trigger.current = event.currentTarget;
            setAdding(true);
          }}
        >
          Add endpoint
        </Button>
      </div>

      <div aria-busy={loaded.state === "loading"}>
        {loaded.state === "loading" ? <p className="text-sm text-slate-600">Loading endpoints…</p> : null}
        {loaded.state === "failed" ? (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
            <span>Could not load your webhook endpoints: {loaded.message}</span>
            <Button variant="secondary" onClick={() => void refresh()}>
              Try again
            </Button>
          </div>
        ) : null}
        {loaded.state === "ready" && webhooks.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8" data-testid="webhooks-empty">
            <h2 className="text-base font-semibold">No endpoints yet</h2>
            <p className="mt-2 max-w-2xl text-sm text-slate-600">
              Add an https URL of your own, choose which events it gets, and keep the signing secret to verify each request. Send a test event to check it.
            </p>
          </div>
        ) : null}
        {webhooks.length > 0 ? (
          <ul className="space-y-4" aria-label="Webhook endpoints" data-testid="webhook-endpoints">
            {webhooks.map((webhook) => (
              <EndpointCard
                key={webhook.id}
                webhook={webhook}
                open={openId === webhook.id}
                busy={busyId === webhook.id}
                reloadToken={reloadToken}
                onTest={(w) => void test(w)}
                onEdit={(w, from) => {
                  trigger.current = from;
                  setEditing(w);
                }}
                onDelete={(w, from) => {
                  trigger.current = from;
                  setDeleting(w);
                }}
                onSetEnabled={(w, enabled) => void setEnabled(w, enabled)}
                onToggleDeliveries={(w) => setOpenId((current) => (current === w.id ? null : w.id))}
              />
            ))}
          </ul>
        ) : null}
      </div>

      <AddEndpointDialog open={adding} onOpenChange={setAdding} onCreated={onCreated} onCloseAutoFocus={(event) => {
          // After a create the reveal dialog takes focus over, and gives it back when it closes.
          if (issued) event.preventDefault();
          else restoreFocus(event);
        }}
      />
      <EditEndpointDialog
        target={editing}
        onCancel={() => setEditing(null)}
        onSaved={(webhook) => {
          setEditing(null);
          if (webhook) {
            replace(webhook);
            toast.success("Endpoint saved.");
          }
        }}
        onCloseAutoFocus={restoreFocus}
      />
      <DeleteEndpointDialog
        target={deleting}
        onCancel={() => setDeleting(null)}
        onDeleted={(webhook) => {
          setDeleting(null);
          setLoaded((current) => (current.state === "ready" ? { state: "ready", webhooks: current.webhooks.filter((w) => w.id !== webhook.id) } : current));
          if (openId === webhook.id) setOpenId(null);
          toast.success("Endpoint deleted.");
          void refresh();
        }}
        onCloseAutoFocus={restoreFocus}
      />
      {/* The secret is dropped from state the moment this closes. */}
      <RevealSecretDialog issued={issued} onDone={() => setIssued(null)} onCloseAutoFocus={restoreFocus} />
    </section>
  );
}
