"use client";

// The sudo-mode dialog, mounted once in the signed-in layout. apiFetch opens it when a sensitive
// change answers 403 reauthentication_required; once the user has proved who they are (password,
// authenticator or recovery code, or a passkey), the change they asked for is sent again.
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Field } from "@/components/field";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import { setReauthHandler } from "@/lib/client/reauth";

type Method = "password" | "otp" | "passkey";
type Methods = Record<Method, boolean>;

const METHOD_LABELS: Record<Method, string> = {
  password: "Use your password",
  otp: "Use a code from your app or a recovery code",
  passkey: "Use a passkey",
};

export function ReauthDialog() {
  const [open, setOpen] = useState(false);
  const [methods, setMethods] = useState<Methods>({ password: true, otp: false, passkey: false });
  const [method, setMethod] = useState<Method>("password");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  useEffect(
    () =>
      setReauthHandler(
        () =>
          new Promise<boolean>((resolve) => {
            settle.current = resolve;
            setError(null);
            setMethod("password");
            setOpen(true);
            apiFetch<{ data: { methods: Methods } }>("/api/v1/account/reauth", { retryAfterReauth: false })
              .then(({ data }) => setMethods(data.methods))
              .catch(() => undefined);
          }),
      ),
    [],
  );

  function finish(confirmed: boolean) {
    settle.current?.(confirmed);
    settle.current = null;
    setOpen(false);
    setPending(false);
  }

  async function confirm(body: Record<string, unknown>) {
    setPending(true);
    setError(null);
    try {
      await apiFetch("/api/v1/account/reauth", { method: "POST", body, retryAfterReauth: false });
      finish(true);
    } catch (caught) {
      setPending(false);
      setError(caught instanceof ApiRequestError ? caught.message : "Could not confirm it is you. Try again.");
    }
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("proof") ?? "");
    if (value.trim() === "") {
      setError(method === "password" ? "Enter your password." : "Enter a code.");
      return;
    }
    await confirm(method === "password" ? { password: value } : { otp: value });
  }

  async function usePasskey() {
    setPending(true);
    setError(null);
    try {
      const { data } = await apiFetch<{ data: { options: PublicKeyCredentialRequestOptionsJSON } }>("/api/v1/account/reauth/options", {
        method: "POST",
        retryAfterReauth: false,
      });
      const assertion = await startAuthentication({ optionsJSON: data.options });
      await confirm({ passkey: assertion });
    } catch (caught) {
      setPending(false);
      setError(caught instanceof ApiRequestError ? caught.message : "The passkey was not used. Try again, or use your password.");
    }
  }

  const others = (Object.keys(METHOD_LABELS) as Method[]).filter((other) => other !== method && methods[other]);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) finish(false);
      }}
      title="Confirm it is you"
      description="This change needs a recent proof of identity. Once confirmed, what you asked for is done, and you will not be asked again for a while."
      testId="reauth-dialog"
    >
      {method === "passkey" ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">Your browser will ask for one of your passkeys.</p>
          <Button onClick={usePasskey} disabled={pending}>
            {pending ? "Waiting for the passkey…" : "Confirm with a passkey"}
          </Button>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <Field
            key={method}
            label={method === "password" ? "Password" : "Code"}
            name="proof"
            type={method === "password" ? "password" : "text"}
            autoComplete={method === "password" ? "current-password" : "one-time-code"}
            inputMode={method === "otp" ? "text" : undefined}
            hint={method === "otp" ? "The 6-digit code from your authenticator app, or one of your recovery codes." : undefined}
            autoFocus
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => finish(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Confirming…" : "Confirm"}
            </Button>
          </div>
        </form>
      )}
      {error ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {others.length > 0 ? (
        <div className="mt-4 flex flex-col items-start gap-1 border-t border-slate-200 pt-3">
          {others.map((other) => (
            <button
              key={other}
              type="button"
              className="text-sm font-medium text-indigo-700 underline"
              onClick={() => {
                setError(null);
                setMethod(other);
              }}
            >
              {METHOD_LABELS[other]}
            </button>
          ))}
        </div>
      ) : null}
    </Dialog>
  );
}
