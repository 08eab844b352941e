"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { ROLE_LABELS, type Role } from "@/lib/permissions/table";
import { listAccounts, type AccountChoice } from "./api";
import { useSwitchAccount } from "./use-switch-account";

/**
 * The header's account menu: the current account and role on the button, the user's other
 * accounts in a list under it. The list is read when the menu opens, so a new membership shows.
 */
export function AccountSwitcher({ current }: { current: { name: string; role: Role } | null }) {
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const [accounts, setAccounts] = useState<AccountChoice[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The layout (and so this menu) stays mounted across the navigation: close it once switched.
  const { choose, switchingId, error } = useSwitchAccount(() => setOpen(false));
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      setAccounts(await listAccounts());
      setLoadError(null);
    } catch {
      setLoadError("Could not load your accounts.");
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    void load();
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && wrapper.current && !wrapper.current.contains(event.target)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, load]);

  return (
    <div ref={wrapper} className="relative" data-testid="account-switcher">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        // The name is the account's, which people choose (often an e-mail): kept out of the button's
        // accessible name so it never matches another control's ("Rotate", "Revoke"); it is the description.
        aria-label="Switch account"
        aria-describedby={`${menuId}-current`}
        className="flex min-w-0 items-center gap-2 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-800 hover:bg-slate-50"
      >
        <span id={`${menuId}-current`} className="relative max-w-24 truncate font-medium sm:max-w-40">
          {current ? `${current.name}` : "No account"}
          <span className="sr-only">{current ? `, ${ROLE_LABELS[current.role]}` : ""}</span>
        </span>
        {current ? (
          <span aria-hidden="true" className="hidden rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 sm:inline">
            {ROLE_LABELS[current.role]}
          </span>
        ) : null}
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div id={menuId} className="absolute right-0 z-30 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <p className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Switch account</p>
          {accounts === null && !loadError ? <p className="px-2 py-1 text-sm text-slate-600">Loading…</p> : null}
          {loadError ? (
            <p role="alert" className="px-2 py-1 text-sm text-red-800">
              {loadError}
            </p>
          ) : null}
          {accounts ? (
            <ul className="space-y-1" aria-label="Your accounts">
              {accounts.map((account) => (
                <li key={account.id}>
                  <button
                    type="button"
                    aria-current={account.current ? "true" : undefined}
                    disabled={switchingId !== null}
                    onClick={() => {
                      if (account.current) setOpen(false);
                      else void choose(account);
                    }}
                    className="flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:opacity-60 aria-[current=true]:bg-indigo-50"
                    data-testid="account-option"
                  >
                    <span className="truncate font-medium text-slate-900">{account.name}</span>
                    <span className="shrink-0 text-xs text-slate-600">
                      {switchingId === account.id ? "Switching…" : ROLE_LABELS[account.role]}
                      {account.current ? <span className="sr-only"> (current)</span> : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {error ? (
            <p role="alert" className="mt-1 px-2 text-sm text-red-800">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
