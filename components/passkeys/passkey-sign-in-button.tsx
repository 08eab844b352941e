"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { getPasskeyAssertion, passkeySignInOptions } from "@/lib/client/passkeys";

/**
 * "Sign in with a passkey": public options, the browser's prompt (the authenticator offers this
 * site's passkeys), then next-auth's "passkey" provider verifies the answer and starts the session.
 */
export function PasskeySignInButton({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setError(null);
    try {
      const assertion = await getPasskeyAssertion(await passkeySignInOptions());
      const result = await signIn("passkey", { response: JSON.stringify(assertion), redirect: false, callbackUrl });
      if (!result || result.error) {
        setError("That passkey did not sign you in. Use another one, or your email and password.");
        setPending(false);
        return;
      }
      // callbackUrl is the page's already-checked return path, as the password form uses it.
      router.replace(callbackUrl);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Signing in with a passkey did not work. Try again.");
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      <Button variant="secondary" className="w-full" disabled={pending} onClick={() => void run()}>
        {pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </Button>
      {error ? (
        <p role="alert" data-testid="passkey-sign-in-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
