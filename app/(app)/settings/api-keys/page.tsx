import type { Metadata } from "next";
import { ApiKeysConsole } from "@/components/keys/api-keys-console";
import { TIER_PLANS } from "@/lib/accounts/tiers";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { scopeChoicesFor } from "@/lib/keys/scope-choices";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const principal = await requirePrincipal("/settings/api-keys");
  return <ApiKeysConsole email={principal.email} tier={principal.tier} plan={TIER_PLANS[principal.tier]} scopeChoices={scopeChoicesFor(principal.tier)} />;
}
