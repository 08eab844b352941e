"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { apiFetch } from "@/lib/client/api";
import { updateProfileSchema } from "@/lib/users/schemas";

/** Name (editable) and email (the sign-in identity, shown only). */
export function ProfileForm({ email, name }: { email: string; name: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const parsed = updateProfileSchema.safeParse({ name: value === "" ? null : value });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid name.");
      return;
    }
    setError(null);
    setPending(true);
    try {
      await apiFetch("/api/v1/account", { method: "PATCH", body: parsed.data });
      toast.success("Name saved.");
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Saving failed.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        Profile
      </h2>
      <Field label="Name" name="name" defaultValue={name ?? ""} autoComplete="name" maxLength={100} error={error} />
      <div className="space-y-1">
        <p className="block text-sm font-medium text-slate-700">Email</p>
        <p className="text-sm text-slate-900" data-testid="account-email">
          {email}
        </p>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
    </form>
  );
}
