"use client";

import { useId } from "react";
import { CREATOR_FILTERS, type CreatorFilterValue } from "./key-creator";

const LABELS: Record<CreatorFilterValue, string> = { everyone: "Everyone", me: "Created by me", left: "People who left" };

/** Whose keys the list shows; a change reloads the list from the server. */
export function CreatorFilter({ value, onChange, disabled }: { value: CreatorFilterValue; onChange: (value: CreatorFilterValue) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="creator-filter">
      <label htmlFor={id} className="text-slate-700">
        Created by
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          const next = CREATOR_FILTERS.find((filter) => filter === event.target.value);
          if (next) onChange(next);
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm focus:border-indigo-500"
      >
        {CREATOR_FILTERS.map((filter) => (
          <option key={filter} value={filter}>
            {LABELS[filter]}
          </option>
        ))}
      </select>
    </div>
  );
}
