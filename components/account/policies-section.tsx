"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormError } from "@/components/form-error";
import { LeakPolicyChoices, leakPolicySavedMessage } from "@/components/keys/leak-policy-setting";
import { apiFetch } from "@/lib/client/api";
import { expectShape, messageOf } from "@/lib/client/keys";
import { can, type Role } from "@/lib/permissions/table";
import { policyViewSchema, updatePoliciesRequestSchema, type PolicyView } from "@/lib/policies/schemas";

const policySchema = policyViewSchema;
type Policy = PolicyView;
type PolicyChange = Pick<Policy, "name" | "require_two_factor" | "max_key_lifetime_days" | "leak_policy">;

const LIFETIME_CHOICES = [30, 60, 90, 180, 365] as const;

async function readPolicies(): Promise<Policy> {
  return expectShape(z.object({ data: policySchema }), await apiFetch<unknown>("/api/v1/policies")).data;
}

async function savePolicies(change: PolicyChange): Promise<Policy> {
  return expectShape(z.object({ data: policySchema }), await apiFetch<unknown>("/api/v1/policies", { method: "PATCH", body: change })).data;
}

/** Settings → Account: the current account's rules for every member. Owners edit; others read. */
export function PoliciesSection({ role }: { role: Role }) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setPolicy(await readPolicies());
      setLoadError(null);
    } catch (caught) {
      setLoadError(messageOf(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="policies-heading" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="account-policies">
      <h2 id="policies-heading" className="text-lg font-semibold">
        Account policies
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">Rules for everyone in {policy?.name ?? "this account"}, and what happens to a key found in public.</p>
      {!can(role, "policies:manage") ? (
        <p className="mt-2 text-sm font-medium text-slate-700" data-testid="policies-read-only">
          Only owners can change these.
        </p>
      ) : null}
      {loadError ? (
        <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
          <span>Could not load the account policies: {loadError}</span>
          <Button variant="secondary" onClick={() => void load()}>
            Try again
          </Button>
        </div>
      ) : null}
      {policy === null && !loadError ? <p className="mt-3 text-sm text-slate-600">Loading…</p> : null}
      {/* Keyed by the saved policy, so a save (or a reload) starts the form from what is stored. */}
      {policy ? <PoliciesForm key={JSON.stringify(policy)} saved={policy} editable={can(role, "policies:manage")} onSaved={setPolicy} /> : null}
    </section>
  );
}

function PoliciesForm({ saved, editable, onSaved }: { saved: Policy; editable: boolean; onSaved: (policy: Policy) => void }) {
  const ids = useId();
  const router = useRouter();
  const [name, setName] = useState(saved.name);
  const [requireTwoFactor, setRequireTwoFactor] = useState(saved.require_two_factor);
  const [lifetime, setLifetime] = useState<number | null>(saved.max_key_lifetime_days);
  const [leakPolicy, setLeakPolicy] = useState(saved.leak_policy);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const change: PolicyChange = { name: name.trim(), require_two_factor: requireTwoFactor, max_key_lifetime_days: lifetime, leak_policy: leakPolicy };
  const dirty =
    change.name !== saved.name ||
    change.require_two_factor !== saved.require_two_factor ||
    change.max_key_lifetime_days !== saved.max_key_lifetime_days ||
    change.leak_policy !== saved.leak_policy;
  // A limit set through the API to a value the menu does not offer still shows as itself.
  const lifetimes: number[] = [...LIFETIME_CHOICES];
  if (saved.max_key_lifetime_days !== null && !lifetimes.includes(saved.max_key_lifetime_days)) lifetimes.push(saved.max_key_lifetime_days);
  lifetimes.sort((a, b) => a - b);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!editable || pending || !dirty) return;
    const checked = updatePoliciesRequestSchema.safeParse(change);
    if (!checked.success) {
      setError(change.name === "" ? "The account needs a name." : (checked.error.issues[0]?.message ?? "Check the policies."));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const next = await savePolicies(change);
      toast.success(next.leak_policy !== saved.leak_policy ? leakPolicySavedMessage(next.leak_policy) : "Saved the account policies.");
      onSaved(next);
      // The header shows the account's name.
      if (next.name !== saved.name) router.refresh();
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="mt-4 space-y-5">
      <div className="max-w-md">
        {/* Not labelled "… name": the profile form's "Name" field is found by that label. */}
        <Field
          label="Account title"
          name="account-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          readOnly={!editable}
          maxLength={100}
          autoComplete="off"
          hint="What everyone in the account sees in the header and the account menu."
        />
      </div>
      <fieldset disabled={!editable} className="space-y-5">
        <legend className="sr-only">Policies</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="require-two-factor"
            checked={requireTwoFactor}
            onChange={(event) => setRequireTwoFactor(event.target.checked)}
            aria-describedby={`${ids}-2fa-hint`}
            className="mt-1 accent-indigo-600"
          />
          <span>
            <span className="font-medium text-slate-900">Require two-factor for every member</span>
            <span id={`${ids}-2fa-hint`} className="block text-xs text-slate-600">
              Members without an authenticator app or a passkey are sent to set one up before they can use the account.
            </span>
          </span>
        </label>
        <div className="space-y-1">
          <label htmlFor={`${ids}-lifetime`} className="block text-sm font-medium text-slate-700">
            Maximum key lifetime
          </label>
          <select
            id={`${ids}-lifetime`}
            name="max-key-lifetime"
            value={lifetime === null ? "none" : String(lifetime)}
            onChange={(event) => setLifetime(event.target.value === "none" ? null : Number(event.target.value))}
            aria-describedby={`${ids}-lifetime-hint`}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-indigo-500 disabled:bg-slate-50 disabled:text-slate-500"
          >
            <option value="none">No limit</option>
            {lifetimes.map((days) => (
              <option key={days} value={String(days)}>
                {days} days
              </option>
            ))}
          </select>
          <p id={`${ids}-lifetime-hint`} className="text-xs text-slate-500">
            New keys must expire within this many days. Keys that already exist keep their expiry.
          </p>
        </div>
        <LeakPolicyChoices value={leakPolicy} onChange={setLeakPolicy} />
      </fieldset>
      <FormError message={error} />
      {editable ? (
        <Button type="submit" disabled={pending || !dirty}>
          {pending ? "Saving…" : "Save account policies"}
        </Button>
      ) : null}
    </form>
  );
}
