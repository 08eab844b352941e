"use client";

import { useId } from "react";
import { MAX_ALLOWED_IPS } from "@/lib/keys/allowed-ips";

export const ALLOWED_ADDRESSES_HINT = `Addresses such as 203.0.113.7 or ranges such as 198.51.100.0/24 and 2001:db8::/48, at most ${MAX_ALLOWED_IPS}. A request from anywhere else is refused.`;

/**
 * The optional allowlist of the create dialog: free text, one entry per line or separated by
 * commas. Each refusal names its entry ("10.1" is not an IPv4 or IPv6 address…), whether the
 * browser or the server found it.
 */
export function AllowedAddressesField({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors: string[] }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Allowed addresses <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <textarea
        id={id}
        name="allowed_ips"
        rows={3}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={"203.0.113.7\n198.51.100.0/24"}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={`${id}-hint${errors.length > 0 ? ` ${id}-error` : ""}`}
        className={`block w-full rounded-md border px-3 py-2 font-mono text-sm shadow-sm focus:border-indigo-500 ${errors.length > 0 ? "border-red-400" : "border-slate-300"}`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        One per line or separated by commas. Leave empty to allow the key from anywhere. {ALLOWED_ADDRESSES_HINT}
      </p>
      {errors.length > 0 ? (
        <ul id={`${id}-error`} role="alert" data-testid="allowed-ips-error" className="space-y-0.5 text-xs text-red-700">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
