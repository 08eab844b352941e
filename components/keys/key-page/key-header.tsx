"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { ApiRequestError } from "@/lib/client/api";
import { fieldErrorsFrom, messageOf, updateKey, type KeyListItem } from "@/lib/client/keys";
import { nameWarning } from "@/lib/keys/name-advice";
import { updateKeyRequestSchema } from "@/lib/keys/schemas";
import { AllowedIpsChip, ExposedChip, StatusBadge, TierBadge } from "../key-badges";

/** The key's name (with rename), its badges, and rotate and revoke. */
export function KeyHeader({
  keyItem,
  changeable,
  mayChange,
  onChanged,
  onRevoke,
  onRotate,
}: {
  keyItem: KeyListItem;
  changeable: boolean;
  /** The caller's role allows changing this key (lib/permissions): otherwise the page only reads. */
  mayChange: boolean;
  onChanged: () => void;
  onRevoke: (trigger: HTMLElement) => void;
  onRotate: (trigger: HTMLElement) => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const wasRenaming = useRef(false);
  // When the form closes (saved or cancelled), focus goes back to the name it replaced.
  useEffect(() => {
    if (wasRenaming.current && !renaming) document.getElementById("key-heading")?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0 max-w-2xl sm:flex-1">
        {renaming ? (
          <RenameForm
            keyItem={keyItem}
            onDone={(renamed) => {
              setRenaming(false);
              if (renamed) onChanged();
            }}
          />
        ) : (
          <h1 id="key-heading" tabIndex={-1} className="text-2xl font-semibold break-words focus:outline-none">
            {keyItem.name}
          </h1>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          <span className="font-mono text-xs text-slate-700">{keyItem.key_preview}</span>
          <TierBadge tier={keyItem.tier} />
          {keyItem.status === "active" && !keyItem.revoked_at ? (
            <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800">active</span>
          ) : null}
          {keyItem.status === "expired" ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">expired</span> : null}
          <StatusBadge keyItem={keyItem} />
          <ExposedChip keyItem={keyItem} />
          <AllowedIpsChip allowed={keyItem.allowed_ips} />
        </div>
      </div>
      {keyItem.status === "active" && mayChange ? (
        <div className="flex shrink-0 flex-wrap gap-2">
          {changeable && !renaming ? (
            <Button variant="secondary" onClick={() => setRenaming(true)}>
              Rename
            </Button>
          ) : null}
          {changeable ? (
            <Button variant="secondary" onClick={(event) => onRotate(event.currentTarget)}>
              Rotate
            </Button>
          ) : null}
          <Button variant="secondary" className="text-red-700" onClick={(event) => onRevoke(event.currentTarget)}>
            Revoke
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function RenameForm({ keyItem, onDone }: { keyItem: KeyListItem; onDone: (renamed: boolean) => void }) {
  const [name, setName] = useState(keyItem.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (name.trim() === keyItem.name) return onDone(false);
    const parsed = updateKeyRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setError(plain(parsed.error.issues[0]?.message ?? "Enter a name."));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const updated = await updateKey(keyItem.id, parsed.data);
      const warning = nameWarning(updated.name);
      toast.success(`Renamed the key to ${updated.name}.${warning ? ` ${warning}` : ""}`);
      onDone(true);
    } catch (caught) {
      setPending(false);
      const fields = fieldErrorsFrom(caught);
      setError(caught instanceof ApiRequestError && caught.code === "name_taken" ? caught.message : plain(fields.name ?? messageOf(caught)));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2" aria-busy={pending} data-testid="rename-form">
      <Field
        label="New name"
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        required
        autoFocus
        error={error}
        hint="Integrations keep working: the key itself does not change."
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save name"}
        </Button>
        <Button variant="secondary" onClick={() => onDone(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Schema messages start with the field's wire name; the form says it plainly. */
function plain(message: string): string {
  const text = message.replace(/^name\b/, "The name");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
