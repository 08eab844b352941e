"use client";

import { formatCount } from "@/lib/client/format";
import type { KeyUsageReport } from "@/lib/usage/key-report";
import { When } from "../when";

type Source = KeyUsageReport["data"]["sources"][number];

/** Where the key was used from: each address with first and last use and its count. */
export function SourceTable({ sources, otherRequests }: { sources: Source[]; otherRequests: number }) {
  if (sources.length === 0 && otherRequests === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="sources-empty">
        Not used in this period.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="sources-table">
        <caption className="sr-only">Source addresses, most recent first</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Address</th>
            <th scope="col" className="px-3 py-2 font-medium">First seen</th>
            <th scope="col" className="px-3 py-2 font-medium">Last seen</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Requests</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sources.map((source) => (
            <tr key={source.address} data-testid="source-row" className="align-top">
              <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal whitespace-nowrap text-slate-900">
                {source.address}
              </th>
              <td className="px-3 py-2">
                <When iso={source.first_seen_at} />
              </td>
              <td className="px-3 py-2">
                <When iso={source.last_seen_at} />
              </td>
              <td className="py-2 pl-3 text-right tabular-nums">{formatCount(source.requests)}</td>
            </tr>
          ))}
          {otherRequests > 0 ? (
            <tr data-testid="source-other">
              <th scope="row" colSpan={3} className="py-2 pr-3 font-normal text-slate-600">
                Other addresses (beyond 100 a day)
              </th>
              <td className="py-2 pl-3 text-right tabular-nums">{formatCount(otherRequests)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
