"use client";

import type { KeyListItem } from "@/lib/client/keys";

// "exposed" cuts across the others: every key found in public, whatever its status now.
export const STATUS_FILTERS = ["active", "expired", "revoked", "exposed", "all"] as const;
export type StatusFilterValue = (typeof STATUS_FILTERS)[number];

const LABELS: Record<StatusFilterValue, string> = { active: "Active", expired: "Expired", revoked: "Revoked", exposed: "Exposed", all: "All" };

export function matchesFilter(key: KeyListItem, filter: StatusFilterValue): boolean {
  if (filter === "all") return true;
  if (filter === "exposed") return key.exposed_at !== null;
  return key.status === filter;
}

export function filterCounts(keys: KeyListItem[]): Record<StatusFilterValue, number> {
  const counts = { active: 0, expired: 0, revoked: 0, exposed: 0, all: 0 };
  for (const filter of STATUS_FILTERS) counts[filter] = keys.filter((key) => matchesFilter(key, filter)).length;
  return counts;
}

/** Which keys the list shows; a radio group, so arrow keys move between the choices. */
export function StatusFilter({
  value,
  counts,
  onChange,
}: {
  value: StatusFilterValue;
  counts: Record<StatusFilterValue, number>;
  onChange: (value: StatusFilterValue) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2" data-testid="status-filter">
      <legend className="sr-only">Show keys</legend>
      {STATUS_FILTERS.map((status) => (
        <label
          key={status}
          className="cursor-pointer rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-600 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600"
        >
          <input type="radio" name="key-status" value={status} checked={value === status} onChange={() => onChange(status)} className="sr-only" />
          {LABELS[status]} <span className="tabular-nums opacity-80">({counts[status]})</span>
        </label>
      ))}
    </fieldset>
  );
}
