import type { Metadata } from "next";
import { requirePrincipal } from "@/lib/auth/require-principal";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const principal = await requirePrincipal("/settings/api-keys");
  return (
    <section>
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="mt-1 text-sm text-slate-600">Signed in as {principal.email} on the {principal.tier} tier.</p>
    </section>
  );
}
