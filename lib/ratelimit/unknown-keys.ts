// Refusals of well-formed keys that do not exist, counted per client address. The checksum is a
// public CRC32, so anyone can mint keys that pass the format check, and each distinct one would
// cost a database read; past the budget, an address's unknown keys are refused with 429 before
// the database is asked. Only unknown keys count: a valid key never waits on this limiter.
//
// The count lives in the shared store (Redis when configured). Whether an address is over budget
// is also remembered here, in memory, so the check before a database read is synchronous; another
// instance learns it at its own next unknown key from that address (one read, then refused).
import { LRUCache } from "lru-cache";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter } from "./store";

export const UNKNOWN_KEY_BUDGET = { perAddress: 30, windowSeconds: 60 } as const;

type State = {
  limiter: RateLimiterAbstract | null;
  /** address → the instant its budget comes back; bounded, so a spray of addresses cannot grow it. */
  blockedUntil: LRUCache<string, number>;
};
// On globalThis: Next may load this module once per route bundle, and all must share the state.
const state: State = ((globalThis as { __unknownKeyLimits?: State }).__unknownKeyLimits ??= {
  limiter: null,
  blockedUntil: new LRUCache<string, number>({ max: 10_000 }),
});

/** Created on first use, once Redis (if configured) is known. */
function limiter(): RateLimiterAbstract {
  state.limiter ??= createLimiter({ keyPrefix: "unknown-key-ip", points: UNKNOWN_KEY_BUDGET.perAddress, duration: UNKNOWN_KEY_BUDGET.windowSeconds });
  return state.limiter;
}

/**
 * Whose budget a refusal spends: an IPv4 address, or an IPv6 address's /64 (one subscriber's
 * network: anyone holding one has 2^64 addresses to rotate through). With no known address (the
 * app not started by scripts/serve.mjs), every caller shares one budget.
 * Addresses arrive normalised (lib/http/client-address.mjs: valid, lower case, IPv4-mapped as IPv4).
 */
export function budgetKey(address: string | null): string {
  if (address === null) return "unknown";
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  // A trailing dotted quad (64:ff9b::192.0.2.1) stands for two groups.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - width(headGroups) - width(tailGroups);
  const groups = [...headGroups, ...Array<string>(Math.max(0, zeros)).fill("0"), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/** Milliseconds until this address may have unknown keys looked up again; 0 when it may now. */
export function unknownKeyWaitMs(address: string | null, nowMs: number = Date.now()): number {
  const until = state.blockedUntil.get(budgetKey(address));
  if (until === undefined) return 0;
  if (until > nowMs) return until - nowMs;
  state.blockedUntil.delete(budgetKey(address));
  return 0;
}

/**
 * Counts one unknown key presented from this address. Resolves with 0 while the address is within
 * its budget, otherwise with the milliseconds until it comes back (and remembers that here).
 */
export async function countUnknownKey(address: string | null, nowMs: number = Date.now()): Promise<number> {
  const key = budgetKey(address);
  try {
    await limiter().consume(key, 1);
    return 0;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const waitMs = Math.max(1000, error.msBeforeNext);
    state.blockedUntil.set(key, nowMs + waitMs);
    return waitMs;
  }
}
