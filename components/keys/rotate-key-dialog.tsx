"use client";

import { useId, useState } from "react";
import { Dialog } from "@/components/dialog";
import { DialogActions } from "./dialog-actions";
import { messageOf, rotateKey, type IssuedKey, type KeyListItem } from "@/lib/client/keys";
import { GRACE_PERIOD_CHOICES_HOURS, rotateKeyRequestSchema } from "@/lib/keys/schemas";

type GraceHours = (typeof GRACE_PERIOD_CHOICES_HOURS)[number];
const DEFAULT_GRACE: GraceHours = 24;

export function graceLabel(hours: number): string {
  if (hours === 0) return "None: the old key stops working now";
  if (hours % 24 === 0) return hours === 24 ? "24 hours" : `${hours / 24} days`;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

export function RotateKeyDialog({
  target,
  defaultGraceHours = DEFAULT_GRACE,
  onCancel,
  onRotated,
  onCloseAutoFocus,
}: {
  target: KeyListItem | null;
  /** Preselected grace period: none for a key found in public, which anyone may be using. */
  defaultGraceHours?: GraceHours;
  onCancel: () => void;
  onRotated: (issued: IssuedKey, graceHours: number) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title="Rotate API key"
      description={
        target ? (
          <>
            A new key replaces <strong className="font-semibold text-slate-900">{target.name}</strong> (
            <span className="font-mono">{target.key_preview}</span>) with the same name, scopes and expiry policy. The new key is shown
            once.
          </>
        ) : null
      }
      testId="rotate-key-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {target ? <RotateForm target={target} defaultGraceHours={defaultGraceHours} onCancel={onCancel} onRotated={onRotated} /> : null}
    </Dialog>
  );
}

function RotateForm({
  target,
  defaultGraceHours,
  onCancel,
  onRotated,
}: {
  target: KeyListItem;
  defaultGraceHours: GraceHours;
  onCancel: () => void;
  onRotated: (issued: IssuedKey, graceHours: number) => void;
}) {
  const ids = useId();
  const [grace, setGrace] = useState<GraceHours>(defaultGraceHours);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = rotateKeyRequestSchema.safeParse({ grace_period_hours: grace });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Choose a grace period.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      onRotated(await rotateKey(target.id, parsed.data), grace);
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-busy={pending}>
      <fieldset aria-describedby={`${ids}-hint`}>
        <legend className="text-sm font-medium text-slate-700">Old key keeps working for</legend>
        <p id={`${ids}-hint`} className="mt-1 text-xs text-slate-500">
          A grace period lets you update the integration before the old key stops working.
        </p>
        <div className="mt-2 space-y-1.5">
          {GRACE_PERIOD_CHOICES_HOURS.map((hours) => (
            <label key={hours} className="flex cursor-pointer items-center gap-2 text-sm">
              <input
                type="radio"
                name="grace_period_hours"
                value={hours}
                checked={grace === hours}
                onChange={() => setGrace(hours)}
                className="accent-indigo-600"
              />
              {graceLabel(hours)}
            </label>
          ))}
        </div>
      </fieldset>
      <DialogActions error={error} pending={pending} onCancel={onCancel} label="Rotate key" pendingLabel="Rotating…" />
    </form>
  );
}
