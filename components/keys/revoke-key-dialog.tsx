"use client";

import { useState } from "react";
import { Dialog } from "@/components/dialog";
import { DialogActions } from "./dialog-actions";
import { messageOf, revokeKey, type KeyListItem } from "@/lib/client/keys";

export function RevokeKeyDialog({
  target,
  onCancel,
  onRevoked,
  onCloseAutoFocus,
}: {
  target: KeyListItem | null;
  onCancel: () => void;
  onRevoked: (key: KeyListItem) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title="Revoke API key"
      description={
        target ? (
          <>
            Revoke <strong className="font-semibold text-slate-900">{target.name}</strong> (<span className="font-mono">{target.key_preview}</span>)?
            Integrations using it stop working at once. This cannot be undone.
          </>
        ) : null
      }
      testId="revoke-key-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {target ? <RevokeForm target={target} onCancel={onCancel} onRevoked={onRevoked} /> : null}
    </Dialog>
  );
}

function RevokeForm({ target, onCancel, onRevoked }: { target: KeyListItem; onCancel: () => void; onRevoked: (key: KeyListItem) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    setPending(true);
    setError(null);
    try {
      onRevoked(await revokeKey(target.id));
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <DialogActions error={error} pending={pending} onCancel={onCancel} label="Revoke key" pendingLabel="Revoking…" variant="danger" onConfirm={revoke} />
    </div>
  );
}
