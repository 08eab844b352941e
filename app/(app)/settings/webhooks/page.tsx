import type { Metadata } from "next";
import { WebhooksConsole } from "@/components/webhooks/webhooks-console";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { can } from "@/lib/permissions/table";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const principal = await requirePrincipal("/settings/webhooks");
  if (!can(principal.role, "webhooks:read")) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-slate-600" data-testid="webhooks-not-allowed">
          Only owners and admins of {principal.membership?.accountName ?? "this account"} can see and change its webhook endpoints.
        </p>
      </div>
    );
  }
  return <WebhooksConsole />;
}
