"use client";

import { Button } from "@/components/button";
import type { KeyListItem } from "@/lib/client/keys";
import type { Loaded } from "./api-keys-console";
import { EmptyState } from "./empty-state";
import type { CreatorFilterValue } from "./key-creator";
import type { StatusFilterValue } from "./status-filter";

const CREATOR_EMPTY: Record<Exclude<CreatorFilterValue, "everyone">, string> = {
  me: "You have not created any keys in this account.",
  left: "No keys were created by people who have left.",
};

/** The list's states around the list itself: loading, failed (with a retry), empty, or nothing matching the filter. */
export function KeysBody({
  loaded,
  shown,
  filter,
  creatorFilter,
  onRetry,
  children,
}: {
  loaded: Loaded;
  shown: KeyListItem[];
  filter: StatusFilterValue;
  creatorFilter: CreatorFilterValue;
  onRetry: () => void;
  /** The list, rendered when any key is shown. */
  children: React.ReactNode;
}) {
  const keys = loaded.state === "ready" ? loaded.keys : [];
  return (
    <div aria-busy={loaded.state === "loading"}>
      {loaded.state === "loading" ? <p className="text-sm text-slate-600">Loading keys…</p> : null}
      {loaded.state === "failed" ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
          <span>Could not load your API keys: {loaded.message}</span>
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : null}
      {loaded.state === "ready" && keys.length === 0 ? (
        creatorFilter === "everyone" ? (
          <EmptyState />
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="creator-filter-empty">
            {CREATOR_EMPTY[creatorFilter]}
          </p>
        )
      ) : null}
      {loaded.state === "ready" && keys.length > 0 && shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="filter-empty">
          No {filter} keys.
        </p>
      ) : null}
      {shown.length > 0 ? children : null}
      <p className="sr-only" aria-live="polite">
        {loaded.state === "ready" ? `${shown.length} ${filter === "all" ? "" : `${filter} `}${shown.length === 1 ? "key" : "keys"} shown.` : ""}
      </p>
    </div>
  );
}
