import type { Metadata } from "next";
import { ApiKeysConsole, type Loaded } from "@/components/keys/api-keys-console";
import { LeakPolicySetting } from "@/components/keys/leak-policy-setting";
import { TIER_PLANS } from "@/lib/accounts/tiers";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { scopeChoicesFor } from "@/lib/keys/scope-choices";
import { listKeys } from "@/lib/keys/service";
import { presentKeys } from "@/lib/keys/view";
import { getLeakPolicy } from "@/lib/leaks/policy";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const principal = await requirePrincipal("/settings/api-keys");
  const [initial, leakPolicy] = await Promise.all([firstKeys(principal.accountId), getLeakPolicy(principal.accountId)]);
  return (
    <div className="space-y-8">
      <ApiKeysConsole email={principal.email} tier={principal.tier} plan={TIER_PLANS[principal.tier]} scopeChoices={scopeChoicesFor(principal.tier)} initial={initial} />
      <LeakPolicySetting initial={leakPolicy} />
    </div>
  );
}

/**
 * Every key of the account as GET /api/v1/keys?status=all shows it to the session (with the
 * sparkline series), read here so the HTML already holds the list. A failed read renders the
 * page's own "could not load" state, which the client retries, rather than an error page.
 */
async function firstKeys(accountId: string): Promise<Loaded> {
  try {
    const { tier, keys } = await listKeys(accountId, "all");
    return { state: "ready", keys: await presentKeys(keys, tier, { withDaily: true }) };
  } catch (error) {
    console.error(`[api-keys page] the key list could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { state: "failed", message: "The server could not read your keys just now. Try again." };
  }
}
