import { GOOD_NAME_EXAMPLES, NAME_ADVICE } from "@/lib/keys/name-advice";

/** What the list says before the first key: what a key is for, and how to name one. */
export function EmptyState() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8" data-testid="keys-empty">
      <h2 className="text-base font-semibold">No keys yet</h2>
      <p className="mt-2 max-w-2xl text-sm text-slate-600">
        An API key lets one integration read your security data without a person signing in: a Splunk forwarder pulling audit events, a Sentinel
        connector, a CI job, or a script on your laptop. Create one key per integration, so you can rotate or revoke it without breaking the others.
      </p>
      <p className="mt-2 max-w-2xl text-sm text-slate-600">{NAME_ADVICE}</p>
      <p className="mt-2 text-sm text-slate-600">
        Good names: <span className="font-mono">{GOOD_NAME_EXAMPLES.join(", ")}</span>.
      </p>
    </div>
  );
}
