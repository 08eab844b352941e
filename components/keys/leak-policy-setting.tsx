"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { messageOf } from "@/lib/client/keys";
import { setLeakPolicy, type LeakPolicy } from "@/lib/client/exposure";
import { FormError } from "@/components/form-error";

const CHOICES: { value: LeakPolicy; label: string; hint: string }[] = [
  { value: "revoke", label: "Revoke at once (recommended)", hint: "The key stops working everywhere the moment it is reported. Its integration needs a new key." },
  { value: "notify", label: "Keep working and flag it", hint: "The key goes on working, marked Exposed, until you rotate or revoke it. Anyone who found it can use it meanwhile." },
];

/** The account's leak policy: what a key found in public does. Saved with PATCH /api/v1/keys/leak-policy. */
export function LeakPolicySetting({ initial }: { initial: LeakPolicy }) {
  const ids = useId();
  const [saved, setSaved] = useState<LeakPolicy>(initial);
  const [choice, setChoice] = useState<LeakPolicy>(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || choice === saved) return;
    setPending(true);
    setError(null);
    try {
      const policy = await setLeakPolicy(choice);
      setSaved(policy);
      setChoice(policy);
      toast.success(policy === "revoke" ? "Saved: a key found in public is revoked at once." : "Saved: a key found in public keeps working, flagged as exposed.");
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby={`${ids}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="leak-policy">
      <h2 id={`${ids}-heading`} className="text-base font-semibold">
        When a key is found in public
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        GitHub secret scanning and public reports tell us when one of your keys shows up in public code or elsewhere.
      </p>
      <form onSubmit={onSubmit} className="mt-3 space-y-3" aria-busy={pending}>
        <fieldset>
          <legend className="sr-only">Leak policy</legend>
          <div className="space-y-2">
            {CHOICES.map(({ value, label, hint }) => (
              <label key={value} className="flex cursor-pointer items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="leak-policy"
                  value={value}
                  checked={choice === value}
                  onChange={() => setChoice(value)}
                  aria-describedby={`${ids}-${value}`}
                  className="mt-1 accent-indigo-600"
                />
                <span>
                  <span className="font-medium text-slate-900">{label}</span>
                  <span id={`${ids}-${value}`} className="block text-xs text-slate-600">
                    {hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <FormError message={error} />
        <Button type="submit" variant="secondary" disabled={pending || choice === saved}>
          {pending ? "Saving…" : "Save leak policy"}
        </Button>
      </form>
    </section>
  );
}
