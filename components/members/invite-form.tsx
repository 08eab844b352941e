"use client";

import { useId, useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormError } from "@/components/form-error";
import { ROLE_DESCRIPTIONS, type Role } from "@/lib/permissions/table";
import { errorMessage, invite, inviteRequestSchema, type CreatedInvitation } from "./api";
import { RoleSelect, assignableRoles } from "./role-select";

/** Invite someone by e-mail with a role; the parent shows the link or says it was e-mailed. */
export function InviteForm({ callerRole, onInvited }: { callerRole: Role; onInvited: (created: CreatedInvitation) => void }) {
  const ids = useId();
  const roles = assignableRoles(callerRole);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // The server's own schema, so the form refuses exactly what the API would.
    const parsed = inviteRequestSchema.safeParse({ email: email.trim(), role });
    if (!parsed.success) {
      setEmailError(parsed.error.issues.find((issue) => issue.path[0] === "email") ? "Enter an e-mail address, like name@example.com." : null);
      setError(parsed.error.issues.find((issue) => issue.path[0] !== "email")?.message ?? null);
      return;
    }
    setEmailError(null);
    setError(null);
    setPending(true);
    try {
      onInvited(await invite(parsed.data.email, parsed.data.role));
      setEmail("");
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="invite-form">
      <h2 className="text-base font-semibold">Invite someone</h2>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={emailError}
            required
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${ids}-role`} className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <RoleSelect id={`${ids}-role`} value={role} roles={roles} onChange={setRole} describedBy={`${ids}-role-hint`} />
        </div>
      </div>
      <p id={`${ids}-role-hint`} className="text-xs text-slate-500">
        {ROLE_DESCRIPTIONS[role]}
      </p>
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send invitation"}
      </Button>
    </form>
  );
}
