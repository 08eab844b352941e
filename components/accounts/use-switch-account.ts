"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiRequestError } from "@/lib/client/api";
import { AFTER_SWITCH_PATH, switchAccount, type AccountChoice } from "./api";

/** Switches the session to an account and shows its pages; the switching id and any error. */
export function useSwitchAccount(onSwitched?: () => void) {
  const router = useRouter();
  const [switchingId, setSwitchingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(account: AccountChoice) {
    if (switchingId) return;
    setSwitchingId(account.id);
    setError(null);
    try {
      await switchAccount(account.id);
      onSwitched?.();
      // The server components (header, page) read the membership again.
      router.push(AFTER_SWITCH_PATH);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : "Could not switch accounts. Try again.");
    } finally {
      setSwitchingId(null);
    }
  }

  return { choose, switchingId, error };
}
