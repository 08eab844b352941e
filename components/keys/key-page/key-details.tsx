"use client";

import { exposureSourceLabel, safeExposureUrl } from "@/lib/client/exposure";
import { formatCount } from "@/lib/client/format";
import type { KeyListItem } from "@/lib/client/keys";
import { Expiry, ScopeChips } from "../key-badges";
import { When } from "../when";

/** What the key is and what it may do: scopes, limits, dates, and its latest use. */
export function KeyDetails({ keyItem }: { keyItem: KeyListItem }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2 sm:p-5 lg:grid-cols-3" data-testid="key-details">
      <Item term="Scopes">
        <ScopeChips scopes={keyItem.scopes} />
      </Item>
      <Item term="Limits">
        {formatCount(keyItem.rate_limit_per_minute)} requests a minute, {formatCount(keyItem.rate_limit_per_day)} a day ({keyItem.tier} tier)
      </Item>
      <Item term="Requests">
        <span className="tabular-nums">{formatCount(keyItem.total_requests)}</span> served in all
      </Item>
      <Item term="Created">
        <When iso={keyItem.created_at} absolute />
      </Item>
      <Item term={keyItem.status === "revoked" ? "Revoked" : "Expires"}>
        {keyItem.status === "revoked" ? <When iso={keyItem.revoked_at} absolute /> : <Expiry keyItem={keyItem} />}
      </Item>
      <Item term="Last used">
        <When iso={keyItem.last_used_at} never="never" />
        {keyItem.last_used_ip ? (
          <span className="block text-slate-600">
            from <span className="font-mono break-all" data-testid="last-used-ip">{keyItem.last_used_ip}</span>
          </span>
        ) : null}
        {keyItem.last_used_user_agent ? (
          <span className="block text-xs break-all text-slate-500" data-testid="last-used-user-agent">
            {keyItem.last_used_user_agent}
          </span>
        ) : null}
      </Item>
      {keyItem.exposed_at ? (
        <Item term="Found in public">
          <span data-testid="exposure-details">
            <When iso={keyItem.exposed_at} absolute />, reported through {exposureSourceLabel(keyItem.exposure_source)}
            <ExposureLink url={keyItem.exposure_url} />
          </span>
        </Item>
      ) : null}
    </dl>
  );
}

function ExposureLink({ url }: { url: string | null }) {
  const href = safeExposureUrl(url);
  if (!href) return null;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="block break-all text-indigo-700 underline">
      {href}
    </a>
  );
}

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-1 text-slate-800">{children}</dd>
    </div>
  );
}
