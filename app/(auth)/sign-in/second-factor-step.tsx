"use client";

// The second step of signing in, for a user with an authenticator app or a passkey: the password
// was right, and now a code, a recovery code or a passkey. Each try sends the password again
// (next-auth's credentials sign-in is one request), never stored beyond this component.
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import type { Credentials } from "./sign-in-form";
import { FormError } from "@/components/form-error";

const WRONG_CODE = "That code is not right, was already used, or there were too many attempts. Try the next code from your app.";
const FAILURES: Record<string, string> = {
  otp_invalid: WRONG_CODE,
  SignInBusy: "Too many sign-ins are being checked right now. Try again in a few seconds.",
  SignInUnavailable: "Sign-in is unavailable right now. Try again in a minute.",
};

type Props = { credentials: Credentials; callbackUrl: string; onSignedIn: () => void; onBack: () => void };

export function SecondFactorStep({ credentials, callbackUrl, onSignedIn, onBack }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function attempt(proof: { otp: string } | { passkey: string }) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { ...credentials, ...proof, redirect: false, callbackUrl });
    setPending(false);
    if (!result || result.error) {
      // The password cannot have become wrong in between, unless the budget ran out: start over.
      if (result?.error && !FAILURES[result.error] && result.error !== "otp_required") {
        setError("Sign-in failed. Go back and enter your password again.");
        return;
      }
      setError(FAILURES[result?.error ?? ""] ?? WRONG_CODE);
      return;
    }
    onSignedIn();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("otp") ?? "").trim();
    if (code === "") {
      setError("Enter the code from your authenticator app, or a recovery code.");
      return;
    }
    await attempt({ otp: code });
  }

  async function usePasskey() {
    setError(null);
    try {
      const response = await fetch("/api/v1/passkeys/authentication-options", { method: "POST", cache: "no-store" });
      if (!response.ok) throw new Error(`options answered ${response.status}`);
      const { data } = (await response.json()) as { data: { options: PublicKeyCredentialRequestOptionsJSON } };
      const assertion = await startAuthentication({ optionsJSON: data.options });
      await attempt({ passkey: JSON.stringify(assertion) });
    } catch {
      setPending(false);
      setError("The passkey was not used. Try again, or enter a code.");
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <h1 className="text-xl font-semibold">Two-factor authentication</h1>
        <p className="text-sm text-slate-600">
          Signing in as <span className="font-medium">{credentials.email}</span>. Enter the 6-digit code from your authenticator app, or one of
          your recovery codes.
        </p>
        <Field label="Authentication code" name="otp" autoComplete="one-time-code" inputMode="text" required autoFocus />
        <FormError message={error} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Checking…" : "Verify"}
        </Button>
      </form>
      <Button variant="secondary" className="w-full" onClick={usePasskey} disabled={pending}>
        Use a passkey instead
      </Button>
      <button type="button" className="w-full text-center text-sm text-slate-600 underline" onClick={onBack}>
        Sign in as someone else
      </button>
    </div>
  );
}
