"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-error";
import { acceptInvitation, errorMessage } from "@/components/members/api";

/** Accepts the invitation: the session switches to the account, and its keys page opens. */
export function JoinButton({ token, accountName }: { token: string; accountName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    try {
      await acceptInvitation(token);
      router.push("/settings/api-keys");
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <Button className="w-full" onClick={() => void join()} disabled={pending}>
        {pending ? "Joining…" : `Join ${accountName}`}
      </Button>
    </div>
  );
}
