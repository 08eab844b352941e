"use client";

import Link from "next/link";
import { Button } from "@/components/button";
import { formatCount } from "@/lib/client/format";
import type { KeyListItem } from "@/lib/client/keys";
import { useMediaQuery } from "@/lib/client/use-media-query";
import { AllowedIpsChip, ExposedChip, Expiry, ScopeChips, StatusBadge, TierBadge } from "./key-badges";
import { creatorLabel, creatorOf, mayChangeKey, type Caller } from "./key-creator";
import { UsageSparkline } from "./usage-sparkline";
import { When } from "./when";

type Actions = {
  /** Who is looking: decides whether a key's Rotate and Revoke are offered. */
  caller: Caller;
  onRotate: (key: KeyListItem, trigger: HTMLElement) => void;
  onRevoke: (key: KeyListItem, trigger: HTMLElement) => void;
};

/** A table on wide screens, stacked cards on a phone. One of the two is rendered, never both. */
export function KeyList({ keys, ...actions }: { keys: KeyListItem[] } & Actions) {
  const wide = useMediaQuery("(min-width: 768px)");
  return wide ? <KeyTable keys={keys} {...actions} /> : <KeyCards keys={keys} {...actions} />;
}

function KeyTable({ keys, ...actions }: { keys: KeyListItem[] } & Actions) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <caption className="sr-only">API keys</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Key</th>
            <th scope="col" className="px-3 py-2 font-medium">Scopes</th>
            <th scope="col" className="px-3 py-2 font-medium">Created</th>
            <th scope="col" className="px-3 py-2 font-medium">Last used</th>
            <th scope="col" className="px-3 py-2 font-medium">Expires</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Requests</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key" data-key-id={key.id} data-status={key.status} className="align-top">
              <th scope="row" className="px-3 py-3 font-medium text-slate-900">
                <KeyName keyItem={key} />
                <div className="mt-1 flex flex-wrap gap-1">
                  <TierBadge tier={key.tier} />
                  <StatusBadge keyItem={key} />
                  <ExposedChip keyItem={key} />
                  <AllowedIpsChip allowed={key.allowed_ips} />
                </div>
                <CreatedBy keyItem={key} />
              </th>
              <td className="px-3 py-3 font-mono text-xs whitespace-nowrap text-slate-700">{key.key_preview}</td>
              <td className="px-3 py-3">
                <ScopeChips scopes={key.scopes} />
              </td>
              <td className="px-3 py-3 whitespace-nowrap">
                <When iso={key.created_at} />
              </td>
              <td className="px-3 py-3 whitespace-nowrap">
                <When iso={key.last_used_at} never="never" />
              </td>
              <td className="px-3 py-3 whitespace-nowrap">
                <Expiry keyItem={key} />
              </td>
              <td className="px-3 py-3 text-right">
                <div className="flex flex-col items-end gap-1">
                  <span className="tabular-nums">{formatCount(key.total_requests)}</span>
                  <UsageSparkline daily={key.daily_requests} />
                </div>
              </td>
              <td className="px-3 py-3">
                <KeyActions keyItem={key} {...actions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyCards({ keys, ...actions }: { keys: KeyListItem[] } & Actions) {
  return (
    <ul className="space-y-3" data-testid="keys-cards" aria-label="API keys">
      {keys.map((key) => (
        <li key={key.id} data-testid="api-key" data-key-id={key.id} data-status={key.status} className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium break-words text-slate-900">
              <KeyName keyItem={key} />
            </h3>
            <TierBadge tier={key.tier} />
            <StatusBadge keyItem={key} />
            <ExposedChip keyItem={key} />
            <AllowedIpsChip allowed={key.allowed_ips} />
          </div>
          <p className="mt-1 font-mono text-xs text-slate-700">{key.key_preview}</p>
          <CreatedBy keyItem={key} />
          <div className="mt-2">
            <ScopeChips scopes={key.scopes} />
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <CardItem term="Created">
              <When iso={key.created_at} />
            </CardItem>
            <CardItem term="Last used">
              <When iso={key.last_used_at} never="never" />
            </CardItem>
            <CardItem term="Expires">
              <Expiry keyItem={key} />
            </CardItem>
            <CardItem term="Requests">
              <span className="tabular-nums">{formatCount(key.total_requests)}</span>
              <UsageSparkline daily={key.daily_requests} />
            </CardItem>
          </dl>
          <div className="mt-3">
            <KeyActions keyItem={key} {...actions} />
          </div>
        </li>
      ))}
    </ul>
  );
}

function CardItem({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{term}</dt>
      <dd className="flex flex-col gap-1">{children}</dd>
    </div>
  );
}

function nameId(key: KeyListItem): string {
  return `key-name-${key.id}`;
}

/** The key's name, linking to its page (usage, sources, allowed addresses, history). */
function KeyName({ keyItem }: { keyItem: KeyListItem }) {
  return (
    <Link id={nameId(keyItem)} href={`/settings/api-keys/${keyItem.id}`} className="break-words text-indigo-700 underline-offset-2 hover:underline">
      {keyItem.name}
    </Link>
  );
}

/** "Created by Ada Lovelace", "(left)" once the creator is no longer a member; nothing for keys from before teams. */
function CreatedBy({ keyItem }: { keyItem: KeyListItem }) {
  const creator = creatorOf(keyItem);
  if (!creator) return null;
  return (
    <p className="mt-1 text-xs font-normal text-slate-600" data-testid="key-created-by">
      Created by {creatorLabel(creator)}
      {creator.member ? null : <span className="text-amber-800"> (left)</span>}
    </p>
  );
}

function KeyActions({ keyItem, caller, onRotate, onRevoke }: { keyItem: KeyListItem } & Actions) {
  if (keyItem.status !== "active" || !mayChangeKey(caller, keyItem)) return null;
  // A key already being replaced (rotation grace period) can still be cut short, not rotated again.
  const beingReplaced = keyItem.revoked_at !== null;
  return (
    <div className="flex justify-end gap-2">
      {beingReplaced ? null : (
        <Button variant="secondary" aria-describedby={nameId(keyItem)} onClick={(event) => onRotate(keyItem, event.currentTarget)}>
          Rotate
        </Button>
      )}
      <Button variant="secondary" className="text-red-700" aria-describedby={nameId(keyItem)} onClick={(event) => onRevoke(keyItem, event.currentTarget)}>
        Revoke
      </Button>
    </div>
  );
}
