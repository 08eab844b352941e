"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Field } from "@/components/field";
import { apiFetch } from "@/lib/client/api";
import { codeInputSchema } from "@/lib/two-factor/schemas";
import { codeFailure } from "./code-error";
import { FormError } from "@/components/form-error";

export type Enrolment = { secret: string; otpauth_url: string; qr_code_svg: string; expires_at: string };

/** The secret in groups of four, as people type it into an app by hand. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/**
 * Step two of setting up the app: scan (or type) the secret, then prove it with a code. The
 * secret lives only in this dialog's props and is gone once it closes.
 */
export function SetupTotpDialog({
  enrolment,
  onClose,
  onEnabled,
}: {
  enrolment: Enrolment | null;
  onClose: () => void;
  onEnabled: (recoveryCodes: string[] | null) => void;
}) {
  const [errors, setErrors] = useState<{ field: string | null; form: string | null }>({ field: null, form: null });
  const [pending, setPending] = useState(false);

  function close() {
    setErrors({ field: null, form: null });
    onClose();
  }

  async function copySecret() {
    if (!enrolment) return;
    try {
      await navigator.clipboard.writeText(enrolment.secret);
      toast.success("Secret key copied.");
    } catch {
      toast.error("The browser did not allow copying. Select the key and copy it by hand.");
    }
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = codeInputSchema.safeParse({ code: String(new FormData(event.currentTarget).get("code") ?? "") });
    if (!parsed.success) {
      setErrors({ field: parsed.error.issues[0]?.message ?? "Type the code your app shows.", form: null });
      return;
    }
    setPending(true);
    try {
      const { data } = await apiFetch<{ data: { enabled_at: string; recovery_codes: string[] | null } }>("/api/v1/account/two-factor/totp/confirm", {
        method: "POST",
        body: parsed.data,
      });
      setErrors({ field: null, form: null });
      onEnabled(data.recovery_codes);
    } catch (failure) {
      setErrors(codeFailure(failure, "Turning the app on failed."));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={enrolment !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      title="Set up an authenticator app"
      description="Scan the QR code with your authenticator app (Google Authenticator, 1Password, Authy, …), then type the code it shows."
      testId="totp-setup-dialog"
    >
      {enrolment ? (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
            {/* The server's SVG as an image: drawn, never injected into the page as markup. */}
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_code_svg)}`}
              alt="QR code for your authenticator app"
              width={176}
              height={176}
              className="rounded-md border border-slate-200 bg-white"
            />
            <div className="min-w-0 space-y-2 text-sm">
              <p className="text-slate-600">Can&apos;t scan it? Type this key into the app instead (time-based, 6 digits):</p>
              <p className="text-xs font-medium text-slate-700" id="totp-secret-label">
                Secret key
              </p>
              <code
                data-testid="totp-secret"
                aria-labelledby="totp-secret-label"
                className="block select-all break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm tracking-wide"
              >
                {grouped(enrolment.secret)}
              </code>
              <Button variant="secondary" onClick={copySecret}>
                Copy key
              </Button>
            </div>
          </div>
          <Field
            label="Code from your app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            error={errors.field}
          />
          <FormError message={errors.form} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Turning on…" : "Turn on"}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
