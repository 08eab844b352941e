// Per-key request limits: a per-minute and a per-day window, both from the key's current tier.
// A request refused by either window uses up neither.
//
// One counter per key and window, whatever the limit: the stores count every request up to a
// ceiling no key reaches, and the tier's limit is compared here with the count. So a tier move
// keeps the counts (a pro key that spent 500 this minute and is moved to free, 60 a minute, is
// refused at once; a free key moved up keeps what it spent), and so does a TIER_LIMITS change.
//
// Without Redis the counters are rate-limiter-flexible's in-memory store, used directly: counting
// is then synchronous (no promise per request on the hot path, which matters under Next, where
// every promise also runs the async-context hooks). With Redis, its limiter (with the in-memory
// insurance limiter while Redis is away) counts, asynchronously.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import MemoryStorage from "rate-limiter-flexible/lib/component/MemoryStorage/MemoryStorage.js";
import { planFor, type Tier } from "@/lib/accounts/tiers";
import { redis } from "@/lib/redis/client";
import { createLimiter } from "./store";

export type WindowName = "minute" | "day";
export type WindowState = { window: WindowName; limit: number; seconds: number; remaining: number; resetMs: number };
export type LimitDecision = { allowed: true; windows: WindowState[] } | { allowed: false; exceeded: WindowState; windows: WindowState[] };

const WINDOW_SECONDS: Record<WindowName, number> = { minute: 60, day: 86_400 };

/** The stores' own limit: never reached, so they only count; the tier's limit is applied here. */
const COUNT_CEILING = 2 ** 31 - 1;

// On globalThis: Next may load this module once per route bundle, and all must share the counters.
const limiters: Map<WindowName, RateLimiterAbstract> = ((globalThis as { __keyWindowCounters?: Map<WindowName, RateLimiterAbstract> }).__keyWindowCounters ??= new Map());

type LocalCounters = Record<WindowName, MemoryStorage>;
const local: LocalCounters = ((globalThis as { __keyWindowLocal?: LocalCounters }).__keyWindowLocal ??= { minute: new MemoryStorage(), day: new MemoryStorage() });

/** Counted in this process only (no REDIS_URL): synchronously. */
function counting(): "local" | "shared" {
  return redis() === null ? "local" : "shared";
}

function limiterFor(window: WindowName): RateLimiterAbstract {
  let limiter = limiters.get(window);
  if (!limiter) {
    limiter = createLimiter({ keyPrefix: `key-${window}`, points: COUNT_CEILING, duration: WINDOW_SECONDS[window] });
    limiters.set(window, limiter);
  }
  return limiter;
}

type WindowLimit = { readonly window: WindowName; readonly limit: number };
const windowLimits = new Map<Tier, readonly WindowLimit[]>();

/** A tier's two windows and their limits: fixed for the process's life, like its plan. */
function windowsOf(tier: Tier): readonly WindowLimit[] {
  let windows = windowLimits.get(tier);
  if (windows === undefined) {
    const plan = planFor(tier);
    windows = Object.freeze([Object.freeze({ window: "minute", limit: plan.ratePerMinute }), Object.freeze({ window: "day", limit: plan.ratePerDay })] as const);
    windowLimits.set(tier, windows);
  }
  return windows;
}

function toState(window: WindowName, limit: number, res: RateLimiterRes | null, nowMs: number): WindowState {
  const seconds = WINDOW_SECONDS[window];
  if (!res) return { window, limit, seconds, remaining: limit, resetMs: nowMs + seconds * 1000 };
  return { window, limit, seconds, remaining: Math.max(0, limit - res.consumedPoints), resetMs: nowMs + res.msBeforeNext };
}

/**
 * Counts one request against both windows at once (one round trip to Redis, not two), or refuses
 * it without counting it anywhere: a refused request gives back what it took from every window.
 */
export function consumeKeyLimits(keyId: string, tier: Tier, nowMs: number = Date.now()): LimitDecision | Promise<LimitDecision> {
  const windows = windowsOf(tier);
  if (counting() === "local") {
    const counted = windows.map(({ window }) => local[window].incrby(keyId, 1, WINDOW_SECONDS[window]));
    const decision = decide(windows, counted, nowMs);
    if (!decision.allowed) for (const { window } of windows) local[window].incrby(keyId, -1, WINDOW_SECONDS[window]);
    return decision;
  }
  return consumeShared(keyId, windows, nowMs);
}

async function consumeShared(keyId: string, windows: readonly WindowLimit[], nowMs: number): Promise<LimitDecision> {
  const limiters = windows.map(({ window }) => limiterFor(window));
  const counted = await Promise.all(limiters.map((limiter) => limiter.consume(keyId, 1).catch(unlessOverCeiling)));
  const decision = decide(windows, counted, nowMs);
  if (!decision.allowed) await Promise.all(limiters.map((limiter) => limiter.reward(keyId, 1)));
  return decision;
}

/**
 * Allowed when every window's count is within its limit. Otherwise the caller gives the request
 * back everywhere, and each window is reported as it stands after that refund: one with room has
 * its point back (+1); a spent one had counted more than its limit, so it stays at 0.
 */
function decide(windows: readonly WindowLimit[], counted: RateLimiterRes[], nowMs: number): LimitDecision {
  const states: WindowState[] = [];
  let exceeded: WindowState | null = null;
  let spent = 0;
  for (let index = 0; index < windows.length; index++) {
    const { window, limit } = windows[index] as WindowLimit;
    const res = counted[index] as RateLimiterRes;
    const state = toState(window, limit, res, nowMs);
    states.push(state);
    if (res.consumedPoints <= limit) continue;
    spent |= 1 << index;
    // Both spent: the request may go again only when the later window resets.
    if (exceeded === null || state.resetMs > exceeded.resetMs) exceeded = state;
  }
  if (exceeded === null) return { allowed: true, windows: states };
  const given = states.map((state, index) => (spent & (1 << index) ? state : { ...state, remaining: Math.min(state.limit, state.remaining + 1) }));
  return { allowed: false, exceeded, windows: given };
}

/**
 * The ceiling is out of reach, but a store that refuses all the same answers with the count, which
 * is all that is needed here; anything else (a store error) is thrown on.
 */
function unlessOverCeiling(reason: unknown): RateLimiterRes {
  if (reason instanceof RateLimiterRes) return reason;
  throw reason;
}

/** The windows as they stand, without counting a request. */
export async function peekKeyLimits(keyId: string, tier: Tier, nowMs: number = Date.now()): Promise<WindowState[]> {
  const inProcess = counting() === "local";
  return Promise.all(windowsOf(tier).map(async ({ window, limit }) => toState(window, limit, inProcess ? local[window].get(keyId) : await limiterFor(window).get(keyId), nowMs)));
}

/**
 * RateLimit-Policy and RateLimit (IETF draft "RateLimit header fields for HTTP"), both windows,
 * and the conventional X-RateLimit-* for the minute window (reset as Unix seconds).
 */
export function rateLimitHeaders(windows: WindowState[], nowMs: number = Date.now()): Record<string, string> {
  const policy = windows.map((w) => `"${w.window}";q=${w.limit};w=${w.seconds}`).join(", ");
  const current = windows.map((w) => `"${w.window}";r=${w.remaining};t=${Math.max(0, Math.ceil((w.resetMs - nowMs) / 1000))}`).join(", ");
  const minute = windows.find((w) => w.window === "minute");
  const headers: Record<string, string> = { "RateLimit-Policy": policy, RateLimit: current };
  if (minute) {
    headers["X-RateLimit-Limit"] = String(minute.limit);
    headers["X-RateLimit-Remaining"] = String(minute.remaining);
    headers["X-RateLimit-Reset"] = String(Math.ceil(minute.resetMs / 1000));
  }
  return headers;
}
