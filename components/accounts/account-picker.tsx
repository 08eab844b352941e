"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-error";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/permissions/table";
import { listAccounts, type AccountChoice } from "./api";
import { useSwitchAccount } from "./use-switch-account";

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; accounts: AccountChoice[] };

/** The /accounts page: every account the user belongs to, one button each. */
export function AccountPicker() {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const { choose, switchingId, error } = useSwitchAccount();

  async function load() {
    try {
      setLoaded({ state: "ready", accounts: await listAccounts() });
    } catch (caught) {
      setLoaded({ state: "failed", message: caught instanceof Error ? caught.message : "Could not load your accounts." });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  if (loaded.state === "loading") return <p className="text-sm text-slate-600">Loading your accounts…</p>;
  if (loaded.state === "failed") {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
        <span>Could not load your accounts: {loaded.message}</span>
        <Button variant="secondary" onClick={() => void load()}>
          Try again
        </Button>
      </div>
    );
  }
  if (loaded.accounts.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="no-accounts">
        You do not belong to any account. Ask an owner or admin of an account for an invitation.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <ul className="space-y-2" aria-label="Your accounts" data-testid="account-picker">
        {loaded.accounts.map((account) => (
          <li key={account.id}>
            <button
              type="button"
              disabled={switchingId !== null}
              onClick={() => void choose(account)}
              className="flex w-full items-center justify-between gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-left hover:border-indigo-400 hover:bg-indigo-50 disabled:opacity-60"
              data-testid="account-option"
            >
              <span>
                <span className="block font-medium text-slate-900">{account.name}</span>
                <span className="block text-xs text-slate-600">{ROLE_DESCRIPTIONS[account.role]}</span>
              </span>
              <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                {switchingId === account.id ? "Switching…" : ROLE_LABELS[account.role]}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
