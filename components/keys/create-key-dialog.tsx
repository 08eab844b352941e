"use client";

import { useId, useState } from "react";
import { Dialog } from "@/components/dialog";
import { AllowedAddressesField } from "./allowed-addresses-field";
import { DialogActions } from "./dialog-actions";
import { ScopeChoicesField } from "./scope-choices-field";
import { Field } from "@/components/field";
import type { Tier } from "@/lib/accounts/tiers";
import { ApiRequestError } from "@/lib/client/api";
import { splitAddresses } from "@/lib/client/allowed-ips";
import { createKey, entryErrorsFrom, fieldErrorsFrom, messageOf, type IssuedKey } from "@/lib/client/keys";
import { GOOD_NAME_EXAMPLES, NAME_ADVICE, nameWarning } from "@/lib/keys/name-advice";
import type { ScopeChoice } from "@/lib/keys/scope-choices";
import { createKeyRequestSchema, type CreateKeyRequest } from "@/lib/keys/schemas";
import { ExpiryField, defaultExpiry, expiryOptions, policyCapFrom, useMaxKeyLifetime, type ExpiryChoice } from "./expiry-field";

type FieldErrors = Partial<Record<"name" | "expires_in_days" | "scopes", string>>;

export function CreateKeyDialog({
  open,
  onOpenChange,
  tier,
  scopeChoices,
  maxKeyLifetimeDays,
  onCreated,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tier: Tier;
  scopeChoices: ScopeChoice[];
  /** The account's cap on key lifetimes (null: none); undefined: read from GET /api/v1/policies. */
  maxKeyLifetimeDays?: number | null;
  onCreated: (issued: IssuedKey) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create API key"
      description="One key per integration, so you can rotate or revoke it without touching the others."
      testId="create-key-dialog"
      contentProps={{ onCloseAutoFocus }}
    >
      {/* Mounted only while open, so every opening starts from a clean form. */}
      <CreateKeyForm tier={tier} scopeChoices={scopeChoices} maxKeyLifetimeDays={maxKeyLifetimeDays} onCreated={onCreated} onCancel={() => onOpenChange(false)} />
    </Dialog>
  );
}

function CreateKeyForm({
  tier,
  scopeChoices,
  maxKeyLifetimeDays,
  onCreated,
  onCancel,
}: {
  tier: Tier;
  scopeChoices: ScopeChoice[];
  maxKeyLifetimeDays: number | null | undefined;
  onCreated: (issued: IssuedKey) => void;
  onCancel: () => void;
}) {
  const ids = useId();
  const tierScopes = scopeChoices.filter((choice) => choice.available).map((choice) => choice.scope);
  const [name, setName] = useState("");
  const [maxDays, setMaxDays] = useMaxKeyLifetime(maxKeyLifetimeDays);
  const [chosenExpiry, setExpiry] = useState<ExpiryChoice>(() => defaultExpiry(maxKeyLifetimeDays ?? null));
  // A choice the policy (once read, or as a refusal named it) does not allow falls back to the default.
  const expiry = expiryOptions(maxDays ?? null).some((option) => option.value === chosenExpiry) ? chosenExpiry : defaultExpiry(maxDays ?? null);
  const [scopes, setScopes] = useState<ReadonlySet<string>>(() => new Set(tierScopes));
  const [allowedText, setAllowedText] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [allowedErrors, setAllowedErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const genericNameWarning = name.trim() === "" ? null : nameWarning(name);
  const nameId = `${ids}-name`;
  const warningId = `${ids}-name-warning`;

  function toggleScope(scope: string, checked: boolean) {
    setScopes((current) => {
      const next = new Set(current);
      if (checked) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  function buildRequest(): CreateKeyRequest {
    const chosen = tierScopes.filter((scope) => scopes.has(scope));
    const fullSet = chosen.length === tierScopes.length;
    const allowed = splitAddresses(allowedText);
    return {
      name,
      expires_in_days: expiry === "never" ? null : Number(expiry),
      // The full set is sent as no field at all, so the key follows its tier if the plan changes.
      ...(fullSet ? {} : { scopes: chosen }),
      // No entries: no field, so the key works from anywhere.
      ...(allowed.length > 0 ? { allowed_ips: allowed } : {}),
    };
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || maxDays === undefined) return;
    const parsed = createKeyRequestSchema.safeParse(buildRequest());
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "scopes") next.scopes ??= "Choose at least one scope.";
        else if ((field === "name" || field === "expires_in_days") && !next[field]) next[field] = sentence(issue.message);
      }
      setErrors(next);
      setAllowedErrors([...entryErrorsFrom(parsed.error, "allowed_ips").values()]);
      setFormError(null);
      return;
    }
    setErrors({});
    setAllowedErrors([]);
    setFormError(null);
    setPending(true);
    try {
      onCreated(await createKey(parsed.data));
    } catch (error) {
      setPending(false);
      if (error instanceof ApiRequestError && error.code === "name_taken") {
        setErrors({ name: error.message });
        return;
      }
      // The policy changed since the dialog read it: offer what it now allows, and say why.
      const cap = policyCapFrom(error);
      if (cap !== undefined) {
        setMaxDays(cap);
        setErrors({ expires_in_days: error instanceof Error ? error.message : undefined });
        setFormError(null);
        return;
      }
      const fields = fieldErrorsFrom(error);
      const next: FieldErrors = {};
      if (fields.name) next.name = sentence(fields.name);
      if (fields.expires_in_days) next.expires_in_days = sentence(fields.expires_in_days);
      if (fields.scopes) next.scopes = sentence(fields.scopes);
      setErrors(next);
      const allowed = [...entryErrorsFrom(error, "allowed_ips").values()];
      setAllowedErrors(allowed);
      // The entries are named next to the field; the summary under the form would only repeat them.
      setFormError(allowed.length > 0 && Object.keys(fields).every((field) => field === "allowed_ips") ? null : messageOf(error));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-busy={pending}>
      <div className="space-y-1">
        <Field
          id={nameId}
          label="Name"
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder={GOOD_NAME_EXAMPLES[0]}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          required
          autoFocus
          hint={
            <>
              {NAME_ADVICE} For example: <span className="font-mono">{GOOD_NAME_EXAMPLES.join(", ")}</span>.
            </>
          }
          error={errors.name}
          aria-describedby={[`${nameId}-hint`, genericNameWarning ? warningId : null, errors.name ? `${nameId}-error` : null].filter(Boolean).join(" ")}
        />
        {/* Advice, not a block: the key can still be created with this name. */}
        <div aria-live="polite">
          {genericNameWarning ? (
            <p id={warningId} data-testid="name-warning" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
              <span className="font-semibold">Generic name. </span>
              {genericNameWarning}
            </p>
          ) : null}
        </div>
      </div>

      <ExpiryField id={ids} maxDays={maxDays} value={expiry} onChange={setExpiry} error={errors.expires_in_days} />

      <ScopeChoicesField tier={tier} scopeChoices={scopeChoices} chosen={scopes} onToggle={toggleScope} error={errors.scopes} />

      <AllowedAddressesField value={allowedText} onChange={setAllowedText} errors={allowedErrors} />

      <DialogActions error={formError} errorTestId="create-key-error" pending={pending} onCancel={onCancel} label="Create key" pendingLabel="Creating…" />
    </form>
  );
}

/** Schema messages start with the field's wire name ("name must not be empty."); the form says it plainly. */
function sentence(message: string): string {
  const plain = message.replace(/^(name|expires_in_days|scopes)\b/, (field) => ({ name: "The name", expires_in_days: "Expiry", scopes: "Scopes" })[field] ?? field);
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}
