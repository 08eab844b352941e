"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Field } from "@/components/field";
import { apiFetch } from "@/lib/client/api";
import { codeInputSchema } from "@/lib/two-factor/schemas";
import { codeFailure } from "./code-error";

/** Turning the app off needs a code from it, or a recovery code for someone who lost the phone. */
export function DisableTotpDialog({ open, onClose, onDisabled }: { open: boolean; onClose: () => void; onDisabled: () => void }) {
  const [errors, setErrors] = useState<{ field: string | null; form: string | null }>({ field: null, form: null });
  const [pending, setPending] = useState(false);

  function close() {
    setErrors({ field: null, form: null });
    onClose();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = codeInputSchema.safeParse({ code: String(new FormData(event.currentTarget).get("code") ?? "") });
    if (!parsed.success) {
      setErrors({ field: parsed.error.issues[0]?.message ?? "Type a code.", form: null });
      return;
    }
    setPending(true);
    try {
      await apiFetch<null>("/api/v1/account/two-factor/totp", { method: "DELETE", body: parsed.data });
      setErrors({ field: null, form: null });
      onDisabled();
    } catch (failure) {
      setErrors(codeFailure(failure, "Turning the app off failed."));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : close())}
      title="Turn off the authenticator app"
      description="Sign-in will no longer ask for a code from your app. Confirm with the code it shows now, or with a recovery code."
      testId="totp-disable-dialog"
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Code from your app or a recovery code" name="code" autoComplete="one-time-code" required error={errors.field} />
        {errors.form ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {errors.form}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Turning off…" : "Turn off"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
