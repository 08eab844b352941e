// Requests are counted in memory on the request path (a Map increment) and written to the
// database later by the flusher, so serving a request never waits on a write.

type DayCount = { requests: number; lastUsedMs: number };
/** One key's requests on one UTC day, as the flusher writes them. */
export type UsageRow = { keyId: string; day: string } & DayCount;

type UsageState = { pending: Map<string, Map<string, DayCount>> };

// On globalThis: Next may load this module once per route bundle, and all must share one tally.
const state: UsageState = ((globalThis as { __usageState?: UsageState }).__usageState ??= { pending: new Map() });

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function add(keyId: string, day: string, requests: number, lastUsedMs: number): void {
  let days = state.pending.get(keyId);
  if (!days) {
    days = new Map();
    state.pending.set(keyId, days);
  }
  const count = days.get(day);
  if (count) {
    count.requests += requests;
    if (lastUsedMs > count.lastUsedMs) count.lastUsedMs = lastUsedMs;
  } else {
    days.set(day, { requests, lastUsedMs });
  }
}

export function countRequest(keyId: string, nowMs: number = Date.now()): void {
  add(keyId, utcDay(nowMs), 1, nowMs);
}

/** Hands over everything counted so far, one row per key and day, and starts a new tally. */
export function takePendingUsage(): UsageRow[] {
  const taken = state.pending;
  state.pending = new Map();
  const rows: UsageRow[] = [];
  for (const [keyId, days] of taken) for (const [day, count] of days) rows.push({ keyId, day, ...count });
  return rows;
}

/** Puts rows back after a failed flush, so nothing counted is lost. */
export function restorePendingUsage(rows: UsageRow[]): void {
  for (const row of rows) add(row.keyId, row.day, row.requests, row.lastUsedMs);
}

export function pendingRequestCount(): number {
  let total = 0;
  for (const days of state.pending.values()) for (const count of days.values()) total += count.requests;
  return total;
}
