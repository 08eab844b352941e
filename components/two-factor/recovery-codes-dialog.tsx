"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";

const FILE_NAME = "soc-api-keys-recovery-codes.txt";

/**
 * Shows new recovery codes once. They are held only in the parent's state and dropped when this
 * closes; the dialog closes only through "Done", once "I have saved these codes" is ticked.
 */
export function RecoveryCodesDialog({ codes, onDone }: { codes: string[] | null; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const checkboxId = useId();
  const text = codes ? `SOC API keys recovery codes\nEach code works once, in place of a code from your authenticator app or a passkey.\n\n${codes.join("\n")}\n` : "";

  function done() {
    setSaved(false);
    onDone();
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes?.join("\n") ?? "");
      toast.success("Recovery codes copied.");
    } catch {
      toast.error("The browser did not allow copying. Download them instead.");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    link.click();
    // After the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  // Escape and clicks outside do not close it: the codes cannot be shown again.
  const stay = (event: Event) => event.preventDefault();

  return (
    <Dialog
      open={codes !== null}
      onOpenChange={(open) => (open || !saved ? undefined : done())}
      title="Save your recovery codes"
      description={
        <span className="block rounded-md bg-amber-50 px-3 py-2 font-medium text-amber-900">
          Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.
        </span>
      }
      testId="recovery-codes-dialog"
      contentProps={{ onEscapeKeyDown: stay, onPointerDownOutside: stay, onFocusOutside: stay }}
    >
      {codes ? (
        <div className="space-y-4">
          <ol data-testid="recovery-codes" aria-label="Recovery codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md bg-slate-50 px-4 py-3 font-mono text-sm">
            {codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ol>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={copy}>
              Copy codes
            </Button>
            <Button variant="secondary" onClick={download}>
              Download .txt
            </Button>
          </div>
          <label htmlFor={checkboxId} className="flex items-center gap-2 text-sm text-slate-700">
            <input id={checkboxId} type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} className="h-4 w-4" />
            I have saved these codes
          </label>
          <div className="flex justify-end">
            <Button onClick={done} disabled={!saved}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
