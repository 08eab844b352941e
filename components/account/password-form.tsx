"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import { changePasswordSchema } from "@/lib/users/schemas";
import { FormError } from "@/components/form-error";

type Errors = Partial<Record<"current_password" | "new_password" | "form", string>>;

/** Needs the current password; every other browser is signed out when it succeeds. */
export function PasswordForm({ onOthersEnded }: { onOthersEnded: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parsed = changePasswordSchema.safeParse({
      current_password: String(form.get("current_password") ?? ""),
      new_password: String(form.get("new_password") ?? ""),
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === "current_password" || field === "new_password") && !next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const { data } = await apiFetch<{ data: { other_sessions_ended: number } }>("/api/v1/account/password", { method: "POST", body: parsed.data });
      formElement.reset();
      const others = data.other_sessions_ended;
      toast.success(others > 0 ? `Password changed. ${others} other session${others === 1 ? " was" : "s were"} signed out.` : "Password changed.");
      onOthersEnded();
    } catch (failure) {
      const fields = failure instanceof ApiRequestError ? (failure.details as { fields?: string[] } | undefined)?.fields : undefined;
      const message = failure instanceof Error ? failure.message : "Changing the password failed.";
      setErrors(fields?.includes("current_password") ? { current_password: message } : { form: message });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <Field label="Current password" name="current_password" type="password" autoComplete="current-password" required error={errors.current_password} />
      <Field
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every other browser is signed out.`}
        error={errors.new_password}
      />
      <FormError message={errors.form} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
