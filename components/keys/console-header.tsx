import Link from "next/link";
import { Button } from "@/components/button";
import type { Tier, TierPlan } from "@/lib/accounts/tiers";
import { formatCount } from "@/lib/client/format";

/** The keys page's heading, what the tier allows, and its Refresh and (for roles that may) Create buttons. */
export function ConsoleHeader({
  email,
  tier,
  plan,
  refreshing,
  onRefresh,
  onCreate,
}: {
  email: string;
  tier: Tier;
  plan: TierPlan;
  refreshing: boolean;
  onRefresh: () => void;
  /** Absent when the role cannot create keys (keys:create). */
  onCreate?: (trigger: HTMLElement) => void;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="max-w-2xl">
        <h1 id="api-keys-heading" tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
          API keys
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in as {email} on the {tier} tier: up to {formatCount(plan.maxActiveKeys)} active keys, each with {formatCount(plan.ratePerMinute)}{" "}
          requests a minute and {formatCount(plan.ratePerDay)} a day.
        </p>
        <p className="mt-1 text-sm text-slate-600">
          Keys let your integrations call the API. Every create, rotate and revoke is recorded in the{" "}
          <Link href="/settings/audit-log" className="font-medium text-indigo-700 underline">
            audit log
          </Link>
          .
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={onRefresh} disabled={refreshing} aria-label="Refresh the list of keys">
          {refreshing ? "Refreshing…" : "Refresh"}
        </Button>
        {onCreate ? <Button onClick={(event) => onCreate(event.currentTarget)}>Create API key</Button> : null}
      </div>
    </div>
  );
}
