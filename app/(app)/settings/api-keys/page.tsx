import type { Metadata } from "next";
import { ApiKeysConsole, type Loaded } from "@/components/keys/api-keys-console";
import { TIER_PLANS } from "@/lib/accounts/tiers";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { scopeChoicesFor } from "@/lib/keys/scope-choices";
import { listKeys } from "@/lib/keys/service";
import { presentKeys } from "@/lib/keys/view";
import { getPolicies } from "@/lib/policies/service";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const principal = await requirePrincipal("/settings/api-keys");
  const [initial, maxKeyLifetimeDays] = await Promise.all([firstKeys(principal.accountId), keyLifetimeCap(principal.accountId)]);
  // The leak policy moved to Settings → Account, with the account's other policies.
  return (
    <div className="space-y-8">
      <ApiKeysConsole
        email={principal.email}
        tier={principal.tier}
        plan={TIER_PLANS[principal.tier]}
        scopeChoices={scopeChoicesFor(principal.tier)}
        initial={initial}
        caller={{ role: principal.role, userId: principal.userId }}
        maxKeyLifetimeDays={maxKeyLifetimeDays}
      />
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

/** The account's cap on key lifetimes; undefined if it could not be read (the create dialog then asks the API). */
async function keyLifetimeCap(accountId: string): Promise<number | null | undefined> {
  try {
    return (await getPolicies(accountId)).max_key_lifetime_days;
  } catch (error) {
    console.error(`[api-keys page] the account policies could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
