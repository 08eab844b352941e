"use client";

import { Button } from "@/components/button";
import type { KeyListItem } from "@/lib/client/keys";
import { creatorLabel, creatorOf, isOrphaned, mayChangeKey, type Caller } from "./key-creator";
import { When } from "./when";

/**
 * Active keys whose creator has left the account. They keep working (an integration may depend on
 * them), so they are listed apart until someone rotates them into their own name or revokes them.
 */
export function LeftKeysSection({
  keys,
  caller,
  onRotate,
  onRevoke,
}: {
  keys: KeyListItem[];
  caller: Caller;
  onRotate: (key: KeyListItem, trigger: HTMLElement) => void;
  onRevoke: (key: KeyListItem, trigger: HTMLElement) => void;
}) {
  const orphaned = keys.filter(isOrphaned);
  if (orphaned.length === 0) return null;
  return (
    <section aria-labelledby="left-keys-heading" className="rounded-lg border border-amber-200 bg-amber-50 p-4" data-testid="left-keys">
      <h2 id="left-keys-heading" className="text-base font-semibold text-amber-950">
        Keys from people who left
      </h2>
      <p className="mt-1 text-sm text-amber-900">These keys still work. Rotate the ones an integration needs, and revoke the rest.</p>
      <ul className="mt-3 space-y-2">
        {orphaned.map((key) => {
          const creator = creatorOf(key);
          const textId = `left-key-${key.id}`;
          // A key already being replaced (rotation grace period) can still be cut short, not rotated again.
          const beingReplaced = key.revoked_at !== null;
          return (
            <li key={key.id} data-testid="left-key" data-key-id={key.id} className="flex flex-col gap-2 rounded-md bg-white px-3 py-2 text-sm sm:flex-row sm:items-center sm:justify-between">
              <p id={textId} className="min-w-0 break-words">
                <strong className="font-semibold">{key.name}</strong> <span className="font-mono text-xs text-slate-600">{key.key_preview}</span>
                {creator ? <> · created by {creatorLabel(creator)} (left)</> : null} · last used <When iso={key.last_used_at} never="never" />
              </p>
              {mayChangeKey(caller, key) ? (
                <div className="flex shrink-0 gap-2">
                  {beingReplaced ? null : (
                    <Button variant="secondary" aria-describedby={textId} onClick={(event) => onRotate(key, event.currentTarget)}>
                      Rotate
                    </Button>
                  )}
                  <Button variant="secondary" className="text-red-700" aria-describedby={textId} onClick={(event) => onRevoke(key, event.currentTarget)}>
                    Revoke
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
