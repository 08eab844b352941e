"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Field } from "@/components/field";
import { defaultPasskeyName, registerPasskey, type AddedPasskey } from "@/lib/client/passkeys";
import { passkeyNameSchema } from "@/lib/passkeys/schemas";

/** Asks a name, then runs the browser's passkey prompt and saves the passkey. */
export function AddPasskeyDialog({ open, onCancel, onAdded }: { open: boolean; onCancel: () => void; onAdded: (added: AddedPasskey) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onCancel())}
      title="Add a passkey"
      description="Your browser will ask you to confirm with your fingerprint, face, screen lock or security key."
      testId="add-passkey-dialog"
    >
      {open ? <AddPasskeyForm onCancel={onCancel} onAdded={onAdded} /> : null}
    </Dialog>
  );
}

function AddPasskeyForm({ onCancel, onAdded }: { onCancel: () => void; onAdded: (added: AddedPasskey) => void }) {
  const [name, setName] = useState(defaultPasskeyName);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = passkeyNameSchema.safeParse(name);
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? "Check the name.");
      return;
    }
    setNameError(null);
    setError(null);
    setPending(true);
    try {
      onAdded(await registerPasskey(parsed.data));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The passkey could not be added. Try again.");
      setPending(false);
    }
  }

  return (
    <form className="space-y-4" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        label="Passkey name"
        hint="To tell your passkeys apart later."
        value={name}
        maxLength={64}
        autoComplete="off"
        error={nameError}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      {error ? (
        <p role="alert" data-testid="add-passkey-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Waiting for your passkey…" : "Save passkey"}
        </Button>
      </div>
    </form>
  );
}
