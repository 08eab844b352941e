"use client";

import { Button } from "@/components/button";
import { exposureAction, safeExposureUrl } from "@/lib/client/exposure";
import type { KeyListItem } from "@/lib/client/keys";
import { When } from "./when";

/**
 * One banner above the list for each exposed key its owner still has to deal with (see
 * exposureAction), each with one step to the replacement. A banner goes once the key is replaced.
 */
export function ExposureBanners({
  keys,
  pendingId,
  onReplace,
  onRotate,
}: {
  keys: KeyListItem[];
  /** The key whose replacement is being made now: its button waits. */
  pendingId: string | null;
  /** A key revoked for the leak: a new key in its place at once. */
  onReplace: (key: KeyListItem, trigger: HTMLElement) => void;
  /** A key that still works (notify policy): the rotate dialog. */
  onRotate: (key: KeyListItem, trigger: HTMLElement) => void;
}) {
  const exposed = keys.flatMap((key) => {
    const action = exposureAction(key);
    return action ? [{ key, action }] : [];
  });
  if (exposed.length === 0) return null;
  return (
    <section aria-label="Keys found in public" className="space-y-2">
      {exposed.map(({ key, action }) => {
        const textId = `exposure-${key.id}`;
        return (
          <div
            key={key.id}
            data-testid="exposure-banner"
            data-key-id={key.id}
            className="flex flex-col gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 sm:flex-row sm:items-center sm:justify-between"
          >
            <p id={textId} className="min-w-0 break-words">
              <strong className="font-semibold">{key.name}</strong> <Found keyItem={key} /> on <When iso={key.exposed_at} absolute />{" "}
              {action === "replace" ? "and was revoked. Rotate it to give the integration a new key." : "and still works (your leak policy is notify). Rotate it now."}
            </p>
            <Button
              variant="danger"
              className="shrink-0"
              aria-describedby={textId}
              disabled={pendingId === key.id}
              onClick={(event) => (action === "replace" ? onReplace(key, event.currentTarget) : onRotate(key, event.currentTarget))}
            >
              {pendingId === key.id ? "Creating…" : action === "replace" ? "Create replacement key" : "Rotate now"}
            </Button>
          </div>
        );
      })}
    </section>
  );
}

/** "was found in public at <link>", or who found it when there is no web address to show. */
function Found({ keyItem }: { keyItem: KeyListItem }) {
  const url = safeExposureUrl(keyItem.exposure_url);
  if (url) {
    return (
      <>
        was found in public at{" "}
        <a href={url} target="_blank" rel="noopener noreferrer" className="font-medium break-all underline">
          {url}
        </a>
      </>
    );
  }
  return <>{keyItem.exposure_source === "github" ? "was found in public by GitHub secret scanning" : "was reported as found in public"}</>;
}
