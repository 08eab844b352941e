"use client";

import { useId } from "react";
import type { LeakPolicy } from "@/lib/client/exposure";

const CHOICES: { value: LeakPolicy; label: string; hint: string }[] = [
  { value: "revoke", label: "Revoke at once (recommended)", hint: "The key stops working everywhere the moment it is reported. Its integration needs a new key." },
  { value: "notify", label: "Keep working and flag it", hint: "The key goes on working, marked Exposed, until you rotate or revoke it. Anyone who found it can use it meanwhile." },
];

/** What the toast says once a leak policy is saved. */
export function leakPolicySavedMessage(policy: LeakPolicy): string {
  return policy === "revoke" ? "Saved: a key found in public is revoked at once." : "Saved: a key found in public keeps working, flagged as exposed.";
}

/**
 * The account's leak policy, what a key found in public does: two radios, part of the account
 * policies form on Settings → Account (which saves it with PATCH /api/v1/policies).
 */
export function LeakPolicyChoices({ value, onChange, disabled }: { value: LeakPolicy; onChange: (policy: LeakPolicy) => void; disabled?: boolean }) {
  const ids = useId();
  return (
    <fieldset data-testid="leak-policy" disabled={disabled} aria-describedby={`${ids}-about`}>
      <legend className="text-sm font-medium text-slate-700">When a key is found in public</legend>
      <p id={`${ids}-about`} className="mt-1 max-w-2xl text-xs text-slate-500">
        GitHub secret scanning and public reports tell us when one of your keys shows up in public code or elsewhere.
      </p>
      <div className="mt-2 space-y-2">
        {CHOICES.map(({ value: choice, label, hint }) => (
          <label key={choice} className="flex cursor-pointer items-start gap-2 text-sm">
            <input
              type="radio"
              name="leak-policy"
              value={choice}
              checked={value === choice}
              onChange={() => onChange(choice)}
              aria-describedby={`${ids}-${choice}`}
              className="mt-1 accent-indigo-600"
            />
            <span>
              <span className="font-medium text-slate-900">{label}</span>
              <span id={`${ids}-${choice}`} className="block text-xs text-slate-600">
                {hint}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
