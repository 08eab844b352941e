"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { removePasskey, type PasskeyView } from "@/lib/client/passkeys";
import { FormError } from "@/components/form-error";

/** "Remove this passkey?" It stops working for sign-in at once. */
export function RemovePasskeyDialog({ target, onCancel, onRemoved }: { target: PasskeyView | null; onCancel: () => void; onRemoved: (passkey: PasskeyView) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove(passkey: PasskeyView) {
    setPending(true);
    setError(null);
    try {
      await removePasskey(passkey.id);
      onRemoved(passkey);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The passkey could not be removed. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        setError(null);
        onCancel();
      }}
      title="Remove passkey"
      description={
        target ? (
          <>
            Remove <strong className="font-semibold text-slate-900">{target.name}</strong>? It stops working for sign-in at once. If it is your last second
            factor, your recovery codes stop working too.
          </>
        ) : null
      }
      testId="remove-passkey-dialog"
    >
      {target ? (
        <div className="space-y-4">
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void remove(target)} disabled={pending}>
              {pending ? "Removing…" : "Remove passkey"}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
