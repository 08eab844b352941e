"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { splitAddresses } from "@/lib/client/allowed-ips";
import { entryErrorsFrom, messageOf, updateKey, type KeyListItem } from "@/lib/client/keys";
import { MAX_ALLOWED_IPS } from "@/lib/keys/allowed-ips";
import { updateKeyRequestSchema } from "@/lib/keys/schemas";
import { ALLOWED_ADDRESSES_HINT } from "../allowed-addresses-field";
import { FormError } from "@/components/form-error";

/**
 * The key's allowlist as a list to add to and remove from, saved with one PATCH. Each refused
 * entry gets its reason on its own row (from the browser's check or the server's 400), and
 * nothing is saved until every entry is good.
 */
export function AllowedIpsEditor({ keyItem, changeable, onSaved }: { keyItem: KeyListItem; changeable: boolean; onSaved: () => void }) {
  const ids = useId();
  const saved = keyItem.allowed_ips ?? [];
  const [entries, setEntries] = useState<string[]>(saved);
  const [draft, setDraft] = useState("");
  const [errors, setErrors] = useState<Map<number, string>>(new Map());
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const dirty = entries.length !== saved.length || entries.some((entry, index) => entry !== saved[index]);

  if (!changeable) {
    return (
      <div className="space-y-2 text-sm">
        <SavedList entries={saved} />
        <p className="text-slate-500">This key can no longer change: it is {keyItem.status === "active" ? "being replaced by a rotation" : keyItem.status}.</p>
      </div>
    );
  }

  function add() {
    const added = splitAddresses(draft);
    if (added.length === 0) return;
    setEntries((current) => [...current, ...added.filter((entry) => !current.includes(entry))]);
    setDraft("");
  }

  function remove(index: number) {
    setEntries((current) => current.filter((_, at) => at !== index));
    // Errors belong to positions; after a removal they no longer point at the right rows.
    setErrors(new Map());
    setFormError(null);
  }

  async function save() {
    if (pending) return;
    const body = { allowed_ips: entries.length > 0 ? entries : null };
    const parsed = updateKeyRequestSchema.safeParse(body);
    if (!parsed.success) return showErrors(parsed.error);
    setPending(true);
    setErrors(new Map());
    setFormError(null);
    try {
      const updated = await updateKey(keyItem.id, parsed.data);
      setEntries(updated.allowed_ips ?? []);
      toast.success(updated.allowed_ips ? `${updated.name} can now be used only from ${updated.allowed_ips.join(", ")}.` : `${updated.name} can now be used from anywhere.`);
      onSaved();
    } catch (caught) {
      showErrors(caught);
    } finally {
      setPending(false);
    }
  }

  function showErrors(caught: unknown) {
    const found = entryErrorsFrom(caught, "allowed_ips");
    setErrors(found);
    const general = found.get(-1);
    setFormError(general ?? (found.size === 0 ? messageOf(caught) : null));
  }

  return (
    <div className="space-y-4" aria-busy={pending}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="allowed-anywhere">
          <span className="font-medium">Anywhere.</span> Any address may use this key. Add addresses to restrict it.
        </p>
      ) : (
        <ul className="space-y-2" aria-label="Allowed addresses" data-testid="allowed-ips-list">
          {entries.map((entry, index) => {
            const error = errors.get(index);
            const errorId = `${ids}-entry-${index}-error`;
            return (
              <li key={`${entry}-${index}`} data-testid="allowed-ip" data-entry={entry} className={`rounded-md border px-3 py-2 ${error ? "border-red-300 bg-red-50" : "border-slate-200"}`}>
                <div className="flex items-center justify-between gap-2">
                  <span className="min-w-0 font-mono text-sm break-all" aria-describedby={error ? errorId : undefined}>
                    {entry}
                  </span>
                  <Button variant="ghost" className="shrink-0 px-2 py-1 text-red-700" onClick={() => remove(index)} aria-label={`Remove ${entry}`} disabled={pending}>
                    Remove
                  </Button>
                </div>
                {error ? (
                  <p id={errorId} role="alert" className="mt-1 text-xs text-red-700">
                    {error}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      <div className="space-y-1">
        <label htmlFor={`${ids}-add`} className="block text-sm font-medium text-slate-700">
          Add an address or range
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={`${ids}-add`}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
            placeholder="203.0.113.7"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids}-add-hint`}
            className="block min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm shadow-sm focus:border-indigo-500"
          />
          <Button variant="secondary" onClick={add} disabled={draft.trim() === "" || entries.length >= MAX_ALLOWED_IPS}>
            Add
          </Button>
        </div>
        <p id={`${ids}-add-hint`} className="text-xs text-slate-500">
          {ALLOWED_ADDRESSES_HINT} Paste several separated by commas or spaces.
        </p>
      </div>

      <FormError message={formError} />

      <div className="flex flex-wrap gap-2">
        <Button onClick={() => void save()} disabled={pending || !dirty}>
          {pending ? "Saving…" : "Save allowed addresses"}
        </Button>
        {dirty ? (
          <Button variant="secondary" onClick={() => { setEntries(saved); setErrors(new Map()); setFormError(null); }} disabled={pending}>
            Undo changes
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function SavedList({ entries }: { entries: string[] }) {
  if (entries.length === 0) return <p data-testid="allowed-anywhere"><span className="font-medium">Anywhere.</span> Any address could use this key.</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Allowed addresses" data-testid="allowed-ips-list">
      {entries.map((entry) => (
        <li key={entry} data-testid="allowed-ip" className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
          {entry}
        </li>
      ))}
    </ul>
  );
}
