"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { PasskeySignInButton } from "@/components/passkeys/passkey-sign-in-button";
import { SecondFactorStep } from "./second-factor-step";
import { FormError } from "@/components/form-error";

const GENERIC_FAILURE = "Email or password is incorrect, or there were too many attempts. Try again in a few minutes.";
// The only error codes sign-in tells apart (lib/auth/sign-in.ts): none says anything about an account
// before its password was given.
const FAILURES: Record<string, string> = {
  SignInBusy: "Too many sign-ins are being checked right now. Try again in a few seconds.",
  SignInUnavailable: "Sign-in is unavailable right now. Try again in a minute.",
};

export type Credentials = { email: string; password: string };

export function SignInForm({ callbackUrl, failed }: { callbackUrl: string; failed: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(failed ? GENERIC_FAILURE : null);
  const [pending, setPending] = useState(false);
  // Set once the password was right and a second factor is needed: the second step sends it again.
  const [credentials, setCredentials] = useState<Credentials | null>(null);

  function signedIn() {
    router.replace(callbackUrl);
    router.refresh();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const given = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { ...given, redirect: false, callbackUrl });
    setPending(false);
    if (result?.error === "otp_required") {
      setCredentials(given);
      return;
    }
    if (!result || result.error) {
      setError(FAILURES[result?.error ?? ""] ?? GENERIC_FAILURE);
      return;
    }
    signedIn();
  }

  if (credentials) {
    return (
      <SecondFactorStep
        credentials={credentials}
        callbackUrl={callbackUrl}
        onSignedIn={signedIn}
        onBack={() => {
          setCredentials(null);
          setError(null);
        }}
      />
    );
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <h1 className="text-xl font-semibold">Sign in</h1>
        <Field label="Email" name="email" type="email" autoComplete="username webauthn" required autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormError message={error} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <div className="flex items-center gap-3 text-xs uppercase text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <PasskeySignInButton callbackUrl={callbackUrl} />
      <p className="text-center text-sm text-slate-600">
        No account yet?{" "}
        <Link className="font-medium text-indigo-700 underline" href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Create one
        </Link>
      </p>
    </div>
  );
}
