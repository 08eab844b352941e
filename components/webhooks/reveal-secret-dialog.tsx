"use client";

import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
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
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const [copyProblem, setCopyProblem] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.secret);
      setCopied(true);
      setCopyProblem(null);
      toast.success("Signing secret copied to the clipboard.");
    } catch {
      inputRef.current?.select();
      setCopyProblem("The browser did not allow copying. The secret is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
          Signing secret for <span className="font-mono break-all">{issued.webhook.url}</span>
        </label>
        <div className="flex gap-2">
          <input
            ref={inputRef}
            id={inputId}
            data-testid="revealed-secret"
            readOnly
            value={issued.secret}
            onFocus={(event) => event.currentTarget.select()}
            autoComplete="off"
            spellCheck={false}
            className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
          <Button id="secret-copy-button" variant="secondary" onClick={copy}>
            Copy
          </Button>
        </div>
        <p aria-live="polite" className="min-h-4 text-xs" data-testid="secret-copy-status">
          {copied ? <span className="font-medium text-green-700">Copied</span> : null}
          {copyProblem ? <span className="text-red-700">{copyProblem}</span> : null}
        </p>
      </div>

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
