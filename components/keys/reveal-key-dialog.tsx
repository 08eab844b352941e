"use client";

import { useImperativeHandle, useRef, useState } from "react";
import { Button } from "@/components/button";
import { CopySecretField } from "@/components/copy-secret-field";
import { Dialog } from "@/components/dialog";
import type { IssuedKey } from "@/lib/client/keys";

export type Reveal = {
  issued: IssuedKey;
  title: string;
  /** e.g. how long the replaced key keeps working after a rotation. */
  note?: string;
  /** Where keyboard focus goes once the dialog closes (the button that started the flow). */
  returnFocusTo?: HTMLElement | null;
};

export type RevealKeyHandle = { show: (reveal: Reveal) => void };

/**
 * Shows a new secret once. The secret is held only in this component's state and dropped
 * the moment the dialog closes; it is never cached, stored or put in the URL. The dialog
 * closes only through "I have saved this key"; Escape or a click outside asks first.
 */
export function RevealKeyDialog({ ref, onClosed }: { ref: React.Ref<RevealKeyHandle>; onClosed?: () => void }) {
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [copied, setCopied] = useState(false);
  const [copyProblem, setCopyProblem] = useState<string | null>(null);
  const returnFocusTo = useRef<HTMLElement | null>(null);

  useImperativeHandle(ref, () => ({
    show(next) {
      returnFocusTo.current = next.returnFocusTo ?? null;
      setConfirmingClose(false);
      setCopied(false);
      setCopyProblem(null);
      setReveal(next);
    },
  }));

  function close() {
    setReveal(null);
    setConfirmingClose(false);
    setCopied(false);
    setCopyProblem(null);
    onClosed?.();
  }

  function askBeforeClosing(event: Event) {
    event.preventDefault();
    setConfirmingClose(true);
  }

  return (
    <Dialog
      open={reveal !== null}
      // Radix asks to close on Escape or outside clicks; both are intercepted below, so this only runs for explicit closes.
      onOpenChange={(open) => (open ? undefined : setConfirmingClose(true))}
      title={reveal?.title ?? "Save your API key"}
      description={
        reveal ? <span className="block rounded-md bg-amber-50 px-3 py-2 font-medium text-amber-900">{reveal.issued.warning}</span> : undefined
      }
      testId="reveal-key-dialog"
      contentProps={{
        onEscapeKeyDown: askBeforeClosing,
        onPointerDownOutside: askBeforeClosing,
        // Focus leaving (e.g. a toast) is not a request to close.
        onFocusOutside: (event) => event.preventDefault(),
        onOpenAutoFocus: (event) => {
          event.preventDefault();
          document.getElementById("reveal-copy-button")?.focus();
        },
        onCloseAutoFocus: (event) => {
          const target = returnFocusTo.current;
          returnFocusTo.current = null;
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          } else {
            event.preventDefault();
            document.getElementById("api-keys-heading")?.focus();
          }
        },
      }}
    >
      {reveal ? (
        <RevealBody
          reveal={reveal}
          copied={copied}
          copyProblem={copyProblem}
          confirmingClose={confirmingClose}
          onCopied={() => {
            setCopied(true);
            setCopyProblem(null);
          }}
          onCopyFailed={setCopyProblem}
          onKeepOpen={() => setConfirmingClose(false)}
          onClose={close}
        />
      ) : null}
    </Dialog>
  );
}

function RevealBody({
  reveal,
  copied,
  copyProblem,
  confirmingClose,
  onCopied,
  onCopyFailed,
  onKeepOpen,
  onClose,
}: {
  reveal: Reveal;
  copied: boolean;
  copyProblem: string | null;
  confirmingClose: boolean;
  onCopied: () => void;
  onCopyFailed: (message: string) => void;
  onKeepOpen: () => void;
  onClose: () => void;
}) {
  const { issued } = reveal;

  return (
    <div className="space-y-4">
      <CopySecretField
        label={
          <>
            API key for <span className="font-semibold">{issued.key.name}</span>
          </>
        }
        value={issued.secret}
        what="API key"
        testId="revealed-key"
        buttonId="reveal-copy-button"
        statusTestId="copy-status"
        copied={copied}
        copyProblem={copyProblem}
        onCopied={onCopied}
        onCopyFailed={onCopyFailed}
      />

      {issued.nameWarning ? <p className="text-xs text-slate-600">{issued.nameWarning}</p> : null}
      {reveal.note ? <p className="text-sm text-slate-700">{reveal.note}</p> : null}

      {confirmingClose ? (
        <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-3 py-3 text-sm text-red-900" data-testid="reveal-close-confirm">
          <p>You haven&apos;t confirmed saving this key. Close anyway? It cannot be shown again.</p>
          <div className="flex flex-wrap gap-2">
            {/* Focus moves here when the question appears, so a keyboard user answers it next. */}
            <Button variant="secondary" onClick={onKeepOpen} autoFocus>
              Keep open
            </Button>
            <Button variant="danger" onClick={onClose}>
              Close anyway
            </Button>
          </div>
        </div>
      ) : null}

      <div className="flex justify-end">
        <Button onClick={onClose}>I have saved this key</Button>
      </div>
    </div>
  );
}
