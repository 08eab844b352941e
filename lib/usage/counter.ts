// Requests are counted in memory on the request path (a Map increment) and written to the
// database later by the flusher, so serving a request never waits on a write.

type DayCount = { requests: number; lastUsedMs: number };
/** keyId → UTC day → count. */
export type PendingUsage = Map<string, Map<string, DayCount>>;

type UsageState = { pending: PendingUsage };

// On globalThis: Next may load this module once per route bundle, and all must share one tally.
const state: UsageState = ((globalThis as { __usageState?: UsageState }).__usageState ??= { pending: new Map() });

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function countRequest(keyId: string, nowMs: number = Date.now()): void {
  const day = utcDay(nowMs);
  let days = state.pending.get(keyId);
  if (!days) {
    days = new Map();
    state.pending.set(keyId, days);
  }
  const count = days.get(day);
  if (count) {
    count.requests += 1;
    if (nowMs > count.lastUsedMs) count.lastUsedMs = nowMs;
  } else {
    days.set(day, { requests: 1, lastUsedMs: nowMs });
  }
}

/** Hands over everything counted so far and starts a new tally. */
export function takePendingUsage(): PendingUsage {
  const taken = state.pending;
  state.pending = new Map();
  return taken;
}

/** Puts counts back after a failed flush, so nothing counted is lost. */
export function restorePendingUsage(usage: PendingUsage): void {
  for (const [keyId, days] of usage) {
    for (const [day, count] of days) {
      let target = state.pending.get(keyId);
      if (!target) {
        target = new Map();
        state.pending.set(keyId, target);
      }
      const existing = target.get(day);
      if (existing) {
        existing.requests += count.requests;
        existing.lastUsedMs = Math.max(existing.lastUsedMs, count.lastUsedMs);
      } else {
        target.set(day, { ...count });
      }
    }
  }
}

export function pendingRequestCount(): number {
  let total = 0;
  for (const days of state.pending.values()) for (const count of days.values()) total += count.requests;
  return total;
}
