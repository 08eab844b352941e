"use client";

import { useId } from "react";
import type { Tier } from "@/lib/accounts/tiers";
import type { ScopeChoice } from "@/lib/keys/scope-choices";

/** The scopes of a new key: the tier's scopes as checkboxes, the others shown but disabled with why. */
export function ScopeChoicesField({
  tier,
  scopeChoices,
  chosen,
  onToggle,
  error,
}: {
  tier: Tier;
  scopeChoices: ScopeChoice[];
  chosen: ReadonlySet<string>;
  onToggle: (scope: string, checked: boolean) => void;
  error?: string;
}) {
  const ids = useId();
  return (
    <fieldset aria-describedby={`${ids}-scopes-hint`}>
      <legend className="text-sm font-medium text-slate-700">Scopes</legend>
      <p id={`${ids}-scopes-hint`} className="mt-1 text-xs text-slate-500">
        All of your {tier} tier&apos;s scopes are chosen; a key with all of them follows the tier if your plan changes. Untick what this integration does not need.
      </p>
      <ul className="mt-2 space-y-2">
        {scopeChoices.map((choice) => {
          const reasonId = `${ids}-scope-${choice.scope}-reason`;
          return (
            <li key={choice.scope}>
              <label className={`flex items-start gap-2 text-sm ${choice.available ? "cursor-pointer" : "cursor-not-allowed text-slate-400"}`}>
                <input
                  type="checkbox"
                  name="scopes"
                  value={choice.scope}
                  checked={choice.available && chosen.has(choice.scope)}
                  disabled={!choice.available}
                  aria-describedby={choice.available ? undefined : reasonId}
                  onChange={(event) => onToggle(choice.scope, event.target.checked)}
                  className="mt-0.5 accent-indigo-600"
                />
                <span>
                  <span className="font-mono text-xs">{choice.scope}</span> <span className="text-slate-600">{choice.description}</span>
                  {choice.available ? null : (
                    <span id={reasonId} className="block text-xs text-slate-500">
                      Requires the {choice.lowestTier ?? "a higher"} tier; your account is on {tier}.
                    </span>
                  )}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
