"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { CopySecretField } from "@/components/copy-secret-field";
import { Dialog } from "@/components/dialog";
import type { IssuedWebhook } from "@/lib/client/webhooks";

/**
 * Shows a new endpoint's signing secret once. The secret lives only in the parent's state while
 * this is open and is dropped when it closes (Done); it is never cached, stored or put in the URL.
 * Escape or a click outside asks before closing, as the API key reveal does.
 */
export function RevealSecretDialog({
  issued,
  onDone,
  onCloseAutoFocus,
}: {
  issued: IssuedWebhook | null;
  onDone: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const [confirmingClose, setConfirmingClose] = useState(false);

  function askBeforeClosing(event: Event) {
    event.preventDefault();
    setConfirmingClose(true);
  }

  function done() {
    setConfirmingClose(false);
    onDone();
  }

  return (
    <Dialog
      open={issued !== null}
      onOpenChange={(open) => (open ? undefined : setConfirmingClose(true))}
      title="Save the signing secret"
      description={issued ? <span className="block rounded-md bg-amber-50 px-3 py-2 font-medium text-amber-900">{issued.warning}</span> : undefined}
      testId="reveal-secret-dialog"
      contentProps={{
        onEscapeKeyDown: askBeforeClosing,
        onPointerDownOutside: askBeforeClosing,
        onFocusOutside: (event) => event.preventDefault(),
        onOpenAutoFocus: (event) => {
          event.preventDefault();
          document.getElementById("secret-copy-button")?.focus();
        },
        onCloseAutoFocus,
      }}
    >
      {issued ? <SecretBody issued={issued} confirmingClose={confirmingClose} onKeepOpen={() => setConfirmingClose(false)} onDone={done} /> : null}
    </Dialog>
  );
}

function SecretBody({
  issued,
  confirmingClose,
  onKeepOpen,
  onDone,
}: {
  issued: IssuedWebhook;
  confirmingClose: boolean;
  onKeepOpen: () => void;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const [copyProblem, setCopyProblem] = useState<string | null>(null);

  return (
    <div className="space-y-4">
      <CopySecretField
        label={
          <>
            Signing secret for <span className="font-mono break-all">{issued.webhook.url}</span>
          </>
        }
        value={issued.secret}
        what="Signing secret"
        testId="revealed-secret"
        buttonId="secret-copy-button"
        statusTestId="secret-copy-status"
        copied={copied}
        copyProblem={copyProblem}
        onCopied={() => {
          setCopied(true);
          setCopyProblem(null);
        }}
        onCopyFailed={setCopyProblem}
      />

      <p className="text-sm text-slate-700">
        Your receiver checks each request&apos;s <span className="font-mono">webhook-signature</span> header with this secret, for example with the{" "}
        <span className="font-mono">standardwebhooks</span> library: <span className="font-mono">new Webhook(secret).verify(body, headers)</span>.
      </p>

      {confirmingClose ? (
        <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-3 py-3 text-sm text-red-900" data-testid="secret-close-confirm">
          <p>You haven&apos;t confirmed saving this secret. Close anyway? It cannot be shown again.</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={onKeepOpen} autoFocus>
              Keep open
            </Button>
            <Button variant="danger" onClick={onDone}>
              Close anyway
            </Button>
          </div>
        </div>
      ) : null}

      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
