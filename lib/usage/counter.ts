// Every use of a recognised key is counted in memory on the request path (Map look-ups and
// increments, nothing awaited) and written to the database later by the flusher, so serving a
// request never waits on a write. A use is served, or refused for a reason that comes after the
// key was recognised; each is counted with the address and user agent it came from, which is what
// the key page, the usage API and the new-source audit events are made of.

export const OUTCOMES = ["served", "rate_limited", "ip_not_allowed", "insufficient_scope"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Distinct addresses kept per key and day between two flushes. A leaked key sprayed from a
 * botnet must not grow memory without bound; uses beyond this are still counted, as "other".
 */
export const MAX_SOURCES_PER_FLUSH = 1_000;

export type SourceCount = { firstSeenMs: number; lastSeenMs: number; requests: number; lastOutcome: Outcome; userAgent: string | null };

export type DayCount = {
  requests: number;
  rateLimited: number;
  ipNotAllowed: number;
  insufficientScope: number;
  lastUsedMs: number;
  lastIp: string | null;
  lastUserAgent: string | null;
  /** By address ("unknown" when the server could not tell). */
  sources: Map<string, SourceCount>;
  /** Uses from addresses beyond MAX_SOURCES_PER_FLUSH. */
  otherSources: number;
};
/** One key's uses on one UTC day, as the flusher writes them. */
export type UsageRow = { keyId: string; day: string } & DayCount;

type UsageState = { pending: Map<string, Map<string, DayCount>>; dayStartMs: number; dayEndMs: number; day: string };

// On globalThis: Next may load this module once per route bundle, and all must share one tally.
const state: UsageState = ((globalThis as { __usageState?: UsageState }).__usageState ??= { pending: new Map(), dayStartMs: 0, dayEndMs: 0, day: "" });

const DAY_MS = 86_400_000;
export const UNKNOWN_ADDRESS = "unknown";

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC day of `ms`, without formatting a date on every request of the same day. */
function dayOf(ms: number): string {
  if (ms >= state.dayStartMs && ms < state.dayEndMs) return state.day;
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  state.day = utcDay(start);
  state.dayStartMs = start;
  state.dayEndMs = start + DAY_MS;
  return state.day;
}

function emptyDay(): DayCount {
  return { requests: 0, rateLimited: 0, ipNotAllowed: 0, insufficientScope: 0, lastUsedMs: 0, lastIp: null, lastUserAgent: null, sources: new Map(), otherSources: 0 };
}

function dayCount(keyId: string, day: string): DayCount {
  let days = state.pending.get(keyId);
  if (!days) {
    days = new Map();
    state.pending.set(keyId, days);
  }
  let count = days.get(day);
  if (!count) {
    count = emptyDay();
    days.set(day, count);
  }
  return count;
}

function addOutcome(count: DayCount, outcome: Outcome, uses: number): void {
  if (outcome === "served") count.requests += uses;
  else if (outcome === "rate_limited") count.rateLimited += uses;
  else if (outcome === "ip_not_allowed") count.ipNotAllowed += uses;
  else count.insufficientScope += uses;
}

function addSource(count: DayCount, address: string, source: SourceCount): void {
  const known = count.sources.get(address);
  if (known) {
    known.requests += source.requests;
    if (source.firstSeenMs < known.firstSeenMs) known.firstSeenMs = source.firstSeenMs;
    if (source.lastSeenMs >= known.lastSeenMs) {
      known.lastSeenMs = source.lastSeenMs;
      known.lastOutcome = source.lastOutcome;
      known.userAgent = source.userAgent;
    }
  } else if (count.sources.size < MAX_SOURCES_PER_FLUSH) {
    count.sources.set(address, { ...source });
  } else {
    count.otherSources += source.requests;
  }
}

/** Counts one use of a recognised key: what became of it, from where, with what user agent. */
export function countKeyUse(keyId: string, nowMs: number, outcome: Outcome, address: string | null, userAgent: string | null): void {
  const count = dayCount(keyId, dayOf(nowMs));
  addOutcome(count, outcome, 1);
  if (nowMs >= count.lastUsedMs) {
    count.lastUsedMs = nowMs;
    count.lastIp = address;
    count.lastUserAgent = userAgent;
  }
  const where = address ?? UNKNOWN_ADDRESS;
  const known = count.sources.get(where);
  if (known) {
    known.requests += 1;
    known.lastSeenMs = nowMs;
    known.lastOutcome = outcome;
    known.userAgent = userAgent;
  } else if (count.sources.size < MAX_SOURCES_PER_FLUSH) {
    count.sources.set(where, { firstSeenMs: nowMs, lastSeenMs: nowMs, requests: 1, lastOutcome: outcome, userAgent });
  } else {
    count.otherSources += 1;
  }
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
  for (const row of rows) {
    const count = dayCount(row.keyId, row.day);
    count.requests += row.requests;
    count.rateLimited += row.rateLimited;
    count.ipNotAllowed += row.ipNotAllowed;
    count.insufficientScope += row.insufficientScope;
    count.otherSources += row.otherSources;
    if (row.lastUsedMs >= count.lastUsedMs) {
      count.lastUsedMs = row.lastUsedMs;
      count.lastIp = row.lastIp;
      count.lastUserAgent = row.lastUserAgent;
    }
    for (const [address, source] of row.sources) addSource(count, address, source);
  }
}

/** Uses counted and not yet written (served and refused). */
export function pendingRequestCount(): number {
  let total = 0;
  for (const days of state.pending.values()) {
    for (const count of days.values()) total += count.requests + count.rateLimited + count.ipNotAllowed + count.insufficientScope;
  }
  return total;
}
