"use client";

export const STATUS_FILTERS = ["active", "expired", "revoked", "all"] as const;
export type StatusFilterValue = (typeof STATUS_FILTERS)[number];

const LABELS: Record<StatusFilterValue, string> = { active: "Active", expired: "Expired", revoked: "Revoked", all: "All" };

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
