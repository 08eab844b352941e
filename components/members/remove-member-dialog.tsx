"use client";

import { useState } from "react";
import { Dialog } from "@/components/dialog";
import { DialogActions } from "@/components/keys/dialog-actions";
import { errorMessage, personLabel, removeMember, type Member } from "./api";

/** Confirms removing a member, or, on one's own row, leaving the account. */
export function RemoveMemberDialog({
  target,
  accountName,
  onCancel,
  onRemoved,
  onCloseAutoFocus,
}: {
  target: Member | null;
  accountName: string;
  onCancel: () => void;
  onRemoved: (member: Member) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const leaving = target?.you ?? false;
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title={leaving ? "Leave account" : "Remove member"}
      description={
        target ? (
          leaving ? (
            <>
              Leave <strong className="font-semibold text-slate-900">{accountName}</strong>? You lose access at once; only a new invitation brings you back. The keys you created stay
              with the account.
            </>
          ) : (
            <>
              Remove <strong className="font-semibold text-slate-900">{personLabel(target.user)}</strong> ({target.user.email}) from {accountName}? They lose access at once. The
              keys they created keep working until someone rotates or revokes them.
            </>
          )
        ) : null
      }
      testId="remove-member-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {target ? <RemoveForm key={target.id} target={target} leaving={leaving} onCancel={onCancel} onRemoved={onRemoved} /> : null}
    </Dialog>
  );
}

function RemoveForm({ target, leaving, onCancel, onRemoved }: { target: Member; leaving: boolean; onCancel: () => void; onRemoved: (member: Member) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    setError(null);
    try {
      onRemoved(await removeMember(target.id));
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <DialogActions
        error={error}
        errorTestId="remove-member-error"
        pending={pending}
        onCancel={onCancel}
        label={leaving ? "Leave account" : "Remove member"}
        pendingLabel={leaving ? "Leaving…" : "Removing…"}
        variant="danger"
        onConfirm={remove}
      />
    </div>
  );
}
