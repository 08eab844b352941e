import type { Metadata } from "next";
import { WebhooksConsole } from "@/components/webhooks/webhooks-console";
import { requirePrincipal } from "@/lib/auth/require-principal";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePrincipal("/settings/webhooks");
  return <WebhooksConsole />;
}
