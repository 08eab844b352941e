"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";

/**
 * Shows the recovery codes issued with the first passkey, once. They live only in the parent's
 * state and are dropped when this closes; closing needs "I have saved these codes" ticked.
 */
export function PasskeyRecoveryCodes({ codes, onDone }: { codes: string[] | null; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const [copyProblem, setCopyProblem] = useState<string | null>(null);
  const checkboxId = useId();
  const text = codes ? `SOC Platform recovery codes. Each works once.\n\n${codes.join("\n")}\n` : "";

  function finish() {
    setSaved(false);
    setCopyProblem(null);
    onDone();
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopyProblem(null);
      toast.success("Recovery codes copied to the clipboard.");
    } catch {
      setCopyProblem("The browser did not allow copying. Select the codes and copy them, or download them.");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "soc-platform-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <Dialog
      open={codes !== null}
      // Only "Done" closes it: Escape and outside clicks are ignored until the codes are saved.
      onOpenChange={(open) => (open || !saved ? undefined : finish())}
      title="Save your recovery codes"
      description="If you lose your passkeys, each of these codes signs you in once. They are shown only now."
      testId="passkey-recovery-codes"
      contentProps={{ onEscapeKeyDown: (event) => event.preventDefault(), onPointerDownOutside: (event) => event.preventDefault() }}
    >
      {codes ? (
        <div className="space-y-4">
          <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-3 font-mono text-sm">
            {codes.map((code) => (
              <li key={code} data-testid="recovery-code">
                {code}
              </li>
            ))}
          </ol>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void copy()}>
              Copy
            </Button>
            <Button variant="secondary" onClick={download}>
              Download .txt
            </Button>
          </div>
          {copyProblem ? (
            <p role="alert" className="text-xs text-red-700">
              {copyProblem}
            </p>
          ) : null}
          <div className="flex items-center gap-2">
            <input id={checkboxId} type="checkbox" checked={saved} onChange={(event) => setSaved(event.currentTarget.checked)} />
            <label htmlFor={checkboxId} className="text-sm text-slate-700">
              I have saved these codes
            </label>
          </div>
          <div className="flex justify-end">
            <Button disabled={!saved} onClick={finish}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
