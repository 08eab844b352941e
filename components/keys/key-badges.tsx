"use client";

import { allowedIpsSummary } from "@/lib/client/allowed-ips";
import { exposureSourceLabel } from "@/lib/client/exposure";
import { utcTime } from "@/lib/client/format";
import type { KeyListItem } from "@/lib/client/keys";
import { When } from "./when";

// The small labels a key carries, on the list and on its own page.

export function ScopeChips({ scopes }: { scopes: string[] }) {
  if (scopes.length === 0) return <span className="text-xs text-slate-500">none</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {scopes.map((scope) => (
        <li key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {scope}
        </li>
      ))}
    </ul>
  );
}

export function TierBadge({ tier }: { tier: string }) {
  return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase text-slate-700">{tier}</span>;
}

export function StatusBadge({ keyItem }: { keyItem: KeyListItem }) {
  if (keyItem.status === "revoked") {
    return <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">revoked</span>;
  }
  if (keyItem.status === "active" && keyItem.revoked_at) {
    return (
      <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900">
        replaced, stops <When iso={keyItem.revoked_at} />
      </span>
    );
  }
  return null;
}

/** "Exposed" on a key found in public; who found it and when in its title and in what a screen reader hears. */
export function ExposedChip({ keyItem }: { keyItem: KeyListItem }) {
  if (!keyItem.exposed_at) return null;
  const label = `Exposed: found in public, reported through ${exposureSourceLabel(keyItem.exposure_source)} on ${utcTime(keyItem.exposed_at)}`;
  return (
    <span
      data-testid="exposed-chip"
      title={label}
      className="inline-flex items-center rounded-full whitespace-nowrap bg-red-600 px-2 py-0.5 text-xs font-semibold text-white"
    >
      <span aria-hidden="true">Exposed</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** "IP-restricted · 2"; the addresses in its title and in the words a screen reader hears. */
export function AllowedIpsChip({ allowed }: { allowed: string[] | null }) {
  const summary = allowedIpsSummary(allowed);
  if (!summary) return null;
  return (
    <span
      data-testid="ip-restricted"
      title={allowed?.join("\n")}
      className="inline-flex items-center rounded-full whitespace-nowrap bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-900 ring-1 ring-sky-200 ring-inset"
    >
      <span aria-hidden="true">{summary.chip}</span>
      <span className="sr-only">{summary.label}</span>
    </span>
  );
}

export function Expiry({ keyItem }: { keyItem: KeyListItem }) {
  if (keyItem.status === "expired") {
    return (
      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" title={keyItem.expires_at ? utcTime(keyItem.expires_at) : undefined}>
        expired
      </span>
    );
  }
  if (keyItem.status === "revoked") {
    return (
      <span className="text-slate-500">
        revoked <When iso={keyItem.revoked_at} />
      </span>
    );
  }
  return <When iso={keyItem.expires_at} never="never" />;
}
