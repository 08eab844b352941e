"use client";

import { useEffect, useState } from "react";
import { z } from "zod";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import { EXPIRY_CHOICES_DAYS } from "@/lib/keys/schemas";

/** A number of days as a string, or "never". */
export type ExpiryChoice = string;
type Option = { value: ExpiryChoice; label: string };

const PREFERRED_DEFAULT = "90";

/**
 * The expiry choices an account's policy allows: every preset up to the cap (and the cap itself
 * when it is not a preset), and "Never" only without a cap. The server refuses anything else.
 */
export function expiryOptions(maxDays: number | null): Option[] {
  const days: number[] = EXPIRY_CHOICES_DAYS.filter((choice) => maxDays === null || choice <= maxDays);
  if (maxDays !== null && !days.includes(maxDays)) days.push(maxDays);
  days.sort((a, b) => a - b);
  const options = days.map((choice) => ({ value: `${choice}`, label: choice === 365 ? "365 days (1 year)" : `${choice} days` }));
  return maxDays === null ? [...options, { value: "never", label: "Never" }] : options;
}

/** 90 days when allowed, else the longest the policy allows. */
export function defaultExpiry(maxDays: number | null): ExpiryChoice {
  const options = expiryOptions(maxDays);
  return options.some((option) => option.value === PREFERRED_DEFAULT) ? PREFERRED_DEFAULT : (options.at(-1)?.value ?? PREFERRED_DEFAULT);
}

/**
 * The account's cap on key lifetimes: the page's value when it has one, else read from
 * GET /api/v1/policies. undefined while it is being read; null: no cap (or it could not be read:
 * the server still enforces the cap and its refusal names it).
 */
export function useMaxKeyLifetime(given: number | null | undefined): [number | null | undefined, (days: number | null) => void] {
  const [maxDays, setMaxDays] = useState<number | null | undefined>(given);
  useEffect(() => {
    if (given !== undefined) return;
    let live = true;
    apiFetch<unknown>("/api/v1/policies")
      .then((payload) => {
        const parsed = z.object({ data: z.object({ max_key_lifetime_days: z.number().int().nullable() }) }).safeParse(payload);
        if (live) setMaxDays(parsed.success ? parsed.data.data.max_key_lifetime_days : null);
      })
      .catch(() => {
        if (live) setMaxDays(null);
      });
    return () => {
      live = false;
    };
  }, [given]);
  return [maxDays, setMaxDays];
}

/** The cap named in a 400 that refused an expiry for the account's policy, or undefined. */
export function policyCapFrom(error: unknown): number | undefined {
  if (!(error instanceof ApiRequestError) || error.code !== "invalid_request") return undefined;
  const details = z.object({ policy: z.literal("max_key_lifetime_days"), max_key_lifetime_days: z.number().int() }).safeParse(error.details);
  return details.success ? details.data.max_key_lifetime_days : undefined;
}

export function ExpiryField({
  id,
  maxDays,
  value,
  onChange,
  error,
}: {
  id: string;
  /** undefined while the policy is being read. */
  maxDays: number | null | undefined;
  value: ExpiryChoice;
  onChange: (value: ExpiryChoice) => void;
  error?: string;
}) {
  return (
    <fieldset aria-describedby={`${id}-expiry-hint`}>
      <legend className="text-sm font-medium text-slate-700">Expires after</legend>
      <p id={`${id}-expiry-hint`} className="mt-1 text-xs text-slate-500">
        Keys handed to a partner or CI system should expire. You can revoke any key at any time.
        {typeof maxDays === "number" ? <> This account&apos;s policy allows keys of at most {maxDays} days.</> : null}
      </p>
      {maxDays === undefined ? (
        <p className="mt-2 text-sm text-slate-600">Checking the account&apos;s key policy…</p>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          {expiryOptions(maxDays).map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50"
            >
              <input
                type="radio"
                name="expires_in_days"
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                className="accent-indigo-600"
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
