"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { signupSchema } from "@/lib/auth/schemas";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import { FormError } from "@/components/form-error";

type FieldErrors = Partial<Record<"email" | "password" | "name", string>>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const candidate = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), ...(name ? { name } : {}) };
    // The same schema the server applies, so most mistakes are caught before a request.
    const parsed = signupSchema.safeParse(candidate);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === "email" || field === "password" || field === "name") && !next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      await apiFetch("/api/v1/signup", { method: "POST", body: parsed.data });
      const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false, callbackUrl });
      if (!result || result.error) throw new ApiRequestError(401, "unauthorized", "Your account was created, but signing in failed. Try signing in.");
      router.replace(callbackUrl);
      router.refresh();
    } catch (error) {
      setFormError(error instanceof Error ? error.message : "Sign-up failed.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <Field label="Name (optional)" name="name" autoComplete="name" error={errors.name} />
      <Field label="Work email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase works well.`}
        error={errors.password}
      />
      <FormError message={formError} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-indigo-700 underline" href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
