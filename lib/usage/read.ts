// Reading usage back: totals and last use per key, and daily series for sparklines and the
// usage endpoint. What the flusher has not written yet shows up within one flush interval.
import { db } from "@/lib/db";
import { utcDay } from "./counter";

export type KeyUsage = { totalRequests: number; lastUsedAt: Date | null; lastUsedIp: string | null; lastUsedUserAgent: string | null };

export async function usageTotals(keyIds: string[]): Promise<Map<string, KeyUsage>> {
  const totals = new Map<string, KeyUsage>();
  if (keyIds.length === 0) return totals;
  const groups = await db().apiKeyUsageDay.groupBy({
    by: ["keyId"],
    where: { keyId: { in: keyIds } },
    _sum: { requests: true },
    _max: { lastUsedMs: true, day: true },
  });
  // The latest request's address and user agent are on each key's latest day row (a row exists
  // only for a day with requests, served or refused).
  const latest = groups.filter((group) => group._max.day !== null).map((group) => ({ keyId: group.keyId, day: group._max.day as string }));
  const lastRows = latest.length === 0
    ? []
    : await db().apiKeyUsageDay.findMany({ where: { OR: latest }, select: { keyId: true, lastIp: true, lastUserAgent: true } });
  const lastByKey = new Map(lastRows.map((row) => [row.keyId, row]));
  for (const group of groups) {
    const last = group._max.lastUsedMs;
    const lastRow = lastByKey.get(group.keyId);
    totals.set(group.keyId, {
      totalRequests: Number(group._sum.requests ?? 0n),
      lastUsedAt: last && last > 0n ? new Date(Number(last)) : null,
      lastUsedIp: lastRow?.lastIp ?? null,
      lastUsedUserAgent: lastRow?.lastUserAgent ?? null,
    });
  }
  return totals;
}

/** The last `days` UTC days, oldest first, ending today. */
export function lastDays(days: number, nowMs: number = Date.now()): string[] {
  return Array.from({ length: days }, (_, index) => utcDay(nowMs - (days - 1 - index) * 86_400_000));
}

/** Requests per key per day over the last `days` days, oldest first, zeros included. */
export async function dailyRequests(keyIds: string[], days: number, nowMs: number = Date.now()): Promise<Map<string, { day: string; requests: number }[]>> {
  const window = lastDays(days, nowMs);
  const rows = keyIds.length === 0
    ? []
    : await db().apiKeyUsageDay.findMany({ where: { keyId: { in: keyIds }, day: { gte: window[0] } }, select: { keyId: true, day: true, requests: true } });
  const byKey = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let days = byKey.get(row.keyId);
    if (!days) byKey.set(row.keyId, (days = new Map()));
    days.set(row.day, Number(row.requests));
  }
  return new Map(keyIds.map((keyId) => [keyId, window.map((day) => ({ day, requests: byKey.get(keyId)?.get(day) ?? 0 }))]));
}
