// Verifying a presented key, the first step of every API-key request. Cheap refusals come
// first (format and checksum, no database); known keys are cached in memory so the hot path
// does no I/O. Revocation, rotation and expiry are still exact: the cache stores the times,
// expiry and scheduled revocation are compared with the clock on every request, and a revoke
// or rotate on this instance drops the entry before its response is sent.
//
// A cached key is never waited on while it is in date. Each entry has a lifetime (ttlMs: 30 s,
// or 1 s while the cache is not trusted) and a refresh age drawn when it is loaded, between half
// and three quarters of that lifetime, so keys loaded together do not refresh together. Past its
// refresh age it is still served, and the first request to see that queues one background read
// (on a later turn of the event loop, sharing the one-read-per-key `loading` map with requests).
// What serving stale must never do, thinking as the attacker who holds a key being revoked:
// - give an entry life beyond its lifetime: past ttlMs it is not served, stale or not, so the
//   bound on changes this instance was not told about (30 s trusted, 1 s untrusted) is the one
//   it always was. Serving stale only moves the re-read earlier, off the request;
// - outlive a forget: forgetKey / forgetAccount (a revoke, rotation or tier move, here or from
//   another instance) and forgetAllKeys (a lost stream) make entries due at once; a due entry is
//   re-read before it is served, by the request that finds it, never served while a refresh runs;
// - let a refresh that began before a forget land after it: loads carry the generation they began
//   in, and their result is dropped if a forget came since. An entry's age is counted from when
//   its read began, not ended.
// Shortening the lifetime (Redis lost) therefore makes older entries due at once, as before.
//
// The checksum is public, so well-formed is not the same as issued: anyone can mint keys that
// pass it. Keys the database did not know are therefore kept apart from found ones (their own
// small cache, so a flood of them cannot push live keys out of the least-recently-used cache of
// found keys), and are counted per client address: past the budget (lib/ratelimit/unknown-keys.ts)
// that address's unknown keys are refused with 429 before the database is asked. A found key
// never waits on that count, and a key this instance has found before is re-read when due even
// from an address over budget, so one office's broken integration does not lock out its good ones.
import { hash as digest } from "node:crypto";
import { LRUCache } from "lru-cache";
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { countUnknownKey, UNKNOWN_KEY_BUDGET, unknownKeyWaitMs } from "@/lib/ratelimit/unknown-keys";
import { compileAllowList, type AllowList } from "./allowed-ips";
import { cacheTtlFromEnv } from "./cache-ttl.mjs";
import { hashKey, isWellFormedKey } from "./secret";
import { parseStoredScopes } from "./view";

export type VerifiedKey = {
  id: string;
  accountId: string;
  name: string;
  lastFour: string;
  /** The key's own scopes, parsed once when loaded; null to follow the tier's full set. */
  scopes: string[] | null;
  expiresAtMs: number | null;
  revokedAtMs: number | null;
  tier: Tier;
  /** Where the key may be used from, compiled once when loaded; null for anywhere. */
  allowList: AllowList | null;
};

/** `epoch` and `loadedAtMs` say whether it may still be served; a forget makes it due for a re-read. */
type Entry = {
  key: VerifiedKey;
  /** The stored hash it was found by (HMAC), for its background refresh. */
  keyHash: string;
  /** The answer for the key while usable, made once per load so that a hit allocates nothing. */
  ok: Verification;
  /** When the read that found it began. */
  loadedAtMs: number;
  epoch: number;
  /** Drawn once per load, in [0, 1): where in its lifetime the entry is refreshed (refreshAgeMs). */
  jitter: number;
  /** A background refresh is queued or running for this entry. */
  refreshing: boolean;
};
// The caches below are indexed by cacheIndex(presented key), never by the key itself.
type Cache = {
  /** Found keys (revoked and expired ones too), least recently used out first. */
  live: LRUCache<string, Entry>;
  /** Keys the database did not know → when it said so. */
  unknown: LRUCache<string, number>;
  indexById: Map<string, string>;
  loading: Map<string, Promise<VerifiedKey | null>>;
  /** Bumped by every forget: a load that started before one must not be cached after it. */
  generation: number;
  /** Bumped by forgetAllKeys: entries loaded in an earlier epoch are all due for a re-read. */
  epoch: number;
  /** How long a found key may be served from memory. */
  ttlMs: number;
};

/**
 * Bounds how stale a cached key can be for changes this instance is not told about (an edit
 * straight in the database); revokes, rotations and tier moves are told. KEY_CACHE_TTL_MS sets
 * it (tests shorten it to see several refreshes in seconds).
 */
export const CACHE_TTL_MS = cacheTtlFromEnv(process.env.KEY_CACHE_TTL_MS);
/** While revocation messages may be missed (Redis away), entries live this long at most. */
export const UNTRUSTED_CACHE_TTL_MS = 1_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_LIVE_KEYS = 50_000;
/** Small: the per-address budget lets few unknown keys through to be remembered. */
const MAX_UNKNOWN_KEYS = 5_000;
/** KEY_LOOKUP_LOG=1 prints a line per database look-up of a key (marked when a background refresh made it), so tests can count them. */
const LOG_LOOKUPS = process.env.KEY_LOOKUP_LOG === "1";

/**
 * What the in-memory caches are indexed by: SHA-256 of the presented key, one-shot. The database
 * is asked by the stored hash (hashKey, an HMAC under the server's secret), which a cache hit
 * does not need: a new HMAC context per request cost more than the rest of the look-up. The index
 * never leaves the process, and a key of 190 random bits cannot be recovered from its SHA-256, so
 * a memory dump yields no usable key (the process holds the HMAC secret anyway).
 */
function cacheIndex(presented: string): string {
  return digest("sha256", presented, "base64");
}

/** When an entry of this lifetime is refreshed in the background: between 1/2 and 3/4 of it. */
export function refreshAgeMs(ttlMs: number, jitter: number): number {
  return ttlMs * (0.5 + 0.25 * jitter);
}

/**
 * What a cached entry of this age may do: `fresh` is served; `stale` is served while one
 * background read refreshes it; `due` (past its lifetime, or forgotten: age Infinity) is never
 * served before it is read again.
 */
export function freshness(ageMs: number, ttlMs: number, jitter: number): "fresh" | "stale" | "due" {
  if (!(ageMs < ttlMs)) return "due";
  return ageMs < refreshAgeMs(ttlMs, jitter) ? "fresh" : "stale";
}

// On globalThis: Next may load this module once per route bundle, and a forget in one route
// (revoke, rotate) must reach the cache every other route reads.
const cache: Cache = ((globalThis as { __apiKeyCache?: Cache }).__apiKeyCache ??= newCache());

function newCache(): Cache {
  const indexById = new Map<string, string>();
  return {
    live: new LRUCache<string, Entry>({
      max: MAX_LIVE_KEYS,
      // An evicted or deleted key must not leave its id behind (an overwrite sets it again).
      dispose: (entry, index, reason) => {
        if (reason !== "set" && indexById.get(entry.key.id) === index) indexById.delete(entry.key.id);
      },
    }),
    unknown: new LRUCache<string, number>({ max: MAX_UNKNOWN_KEYS }),
    indexById,
    loading: new Map(),
    generation: 0,
    epoch: 0,
    ttlMs: CACHE_TTL_MS,
  };
}

/**
 * With several instances, the cache is trusted for CACHE_TTL_MS only while revocation messages
 * are known to arrive; otherwise each entry is re-read from the database after a second.
 */
export function setCacheTrusted(trusted: boolean): void {
  cache.ttlMs = trusted ? CACHE_TTL_MS : UNTRUSTED_CACHE_TTL_MS;
}

export const WWW_AUTHENTICATE = 'Bearer realm="api"';

export type RefusalCode = "invalid_api_key" | "key_revoked" | "key_expired";
export type Refusal =
  | { ok: false; code: RefusalCode; message: string }
  | { ok: false; code: "rate_limited"; message: string; retryAfterSeconds: number };
export type Verification = { ok: true; key: VerifiedKey } | Refusal;

// Refusals are constants: refusing garbage allocates nothing and throws nothing.
const MALFORMED: Verification = { ok: false, code: "invalid_api_key", message: "The API key is malformed. Keys look like sk_live_ followed by 38 letters and digits." };
const UNKNOWN: Verification = { ok: false, code: "invalid_api_key", message: "The API key is not valid." };
const REVOKED: Verification = { ok: false, code: "key_revoked", message: "This API key has been revoked. Create or rotate a key in Settings → API keys." };
const EXPIRED: Verification = { ok: false, code: "key_expired", message: "This API key has expired. Create or rotate a key in Settings → API keys." };

function tooManyUnknown(waitMs: number): Refusal {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    ok: false,
    code: "rate_limited",
    message: `Too many unknown API keys from this address (at most ${UNKNOWN_KEY_BUDGET.perAddress} a minute). Retry in ${retryAfterSeconds} s.`,
    retryAfterSeconds,
  };
}

/**
 * The refusal as the error the API answers with: 401 with WWW-Authenticate: Bearer for a bad
 * key, 429 with Retry-After for an address over its unknown-key budget.
 */
export function refusalError(refusal: Refusal): ApiError {
  if (refusal.code === "rate_limited") {
    return new ApiError("rate_limited", refusal.message, {
      details: { window: "minute", limit: UNKNOWN_KEY_BUDGET.perAddress, retry_after_seconds: refusal.retryAfterSeconds },
      headers: { "Retry-After": String(refusal.retryAfterSeconds) },
    });
  }
  return new ApiError(refusal.code, refusal.message, { headers: { "WWW-Authenticate": `${WWW_AUTHENTICATE}, error="invalid_token"` } });
}

/** The pure part: is this key usable at this instant? Expiry is always read against the clock. */
export function judgeKey(key: VerifiedKey | null, nowMs: number): Verification {
  if (!key) return UNKNOWN;
  if (key.revokedAtMs !== null && key.revokedAtMs <= nowMs) return REVOKED;
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) return EXPIRED;
  return { ok: true, key };
}

async function load(keyHash: string, background: boolean): Promise<VerifiedKey | null> {
  const row = await db().apiKey.findUnique({ where: { keyHash }, include: { account: { select: { tier: true } } } });
  if (LOG_LOOKUPS) console.log(`[keys] database look-up: ${row ? `found key=${row.id}` : "unknown"}${background ? " (background refresh)" : ""}`);
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    lastFour: row.lastFour,
    scopes: parseStoredScopes(row.scopes),
    expiresAtMs: row.expiresAt?.getTime() ?? null,
    revokedAtMs: row.revokedAt?.getTime() ?? null,
    tier: asTier(row.account.tier),
    allowList: compileAllowList(row.allowedIps),
  };
}

function remember(index: string, keyHash: string, key: VerifiedKey | null, readStartedAtMs: number) {
  if (key === null) {
    cache.live.delete(index);
    cache.unknown.set(index, readStartedAtMs);
    return;
  }
  cache.unknown.delete(index);
  cache.live.set(index, { key, keyHash, ok: { ok: true, key }, loadedAtMs: readStartedAtMs, epoch: cache.epoch, jitter: Math.random(), refreshing: false });
  cache.indexById.set(key.id, index);
}

/** judgeKey for a cached entry, answering a usable key with the entry's own answer (no allocation). */
function judgeEntry(entry: Entry, nowMs: number): Verification {
  const key = entry.key;
  if (key.revokedAtMs !== null && key.revokedAtMs <= nowMs) return REVOKED;
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) return EXPIRED;
  return entry.ok;
}

/**
 * The one read of a key, shared by every request (and the background refresh) that needs it
 * meanwhile. Its result is cached only if no forget came while it ran.
 */
function startLoad(index: string, keyHash: string, startedAtMs: number, background: boolean): Promise<VerifiedKey | null> {
  const generation = cache.generation;
  const loading = load(keyHash, background).then((key) => {
    if (generation === cache.generation) remember(index, keyHash, key, startedAtMs);
    return key;
  });
  const pending: Promise<VerifiedKey | null> = loading.finally(() => {
    if (cache.loading.get(index) === pending) cache.loading.delete(index);
  });
  cache.loading.set(index, pending);
  return pending;
}

/** Queued by the first request that finds the entry stale, to run on a later turn of the event loop. */
function refreshInBackground(index: string, entry: Entry): void {
  // Replaced, forgotten or dropped meanwhile: a request re-reads it when it needs it. Already
  // being read (by a request): that read refreshes it.
  if (cache.live.peek(index) !== entry || entry.epoch !== cache.epoch || cache.loading.has(index)) {
    entry.refreshing = false;
    return;
  }
  // A failed read (database away) leaves the entry as it was, to be tried again by a later
  // request while it is in date; past its lifetime a request reads it and sees the error.
  const done = () => {
    entry.refreshing = false;
  };
  startLoad(index, entry.keyHash, Date.now(), true).then(done, done);
}

/** An unknown key counts against its address; past the budget the answer is 429 instead of 401. */
function refuseUnknown(address: string | null, nowMs: number): Verification | Promise<Verification> {
  const waitMs = unknownKeyWaitMs(address, nowMs);
  if (waitMs > 0) return tooManyUnknown(waitMs);
  return countUnknownKey(address, nowMs).then((wait) => (wait > 0 ? tooManyUnknown(wait) : UNKNOWN));
}

async function loadAndJudge(index: string, presented: string, nowMs: number, address: string | null): Promise<Verification> {
  // One database read per key however many requests arrive at once.
  const key = await (cache.loading.get(index) ?? startLoad(index, hashKey(presented), nowMs, false));
  return key === null ? refuseUnknown(address, nowMs) : judgeKey(key, nowMs);
}

/**
 * Resolves a presented key, from `address` (the client address, or null when unknown).
 * Synchronous for malformed keys and for found keys in the cache (the hot path: no I/O, no
 * promise, no limiter); a promise when the database must be asked or an unknown key counted.
 */
export function verifyApiKey(presented: string, nowMs: number = Date.now(), address: string | null = null): Verification | Promise<Verification> {
  if (!isWellFormedKey(presented)) return MALFORMED;
  const index = cacheIndex(presented);
  const entry = cache.live.get(index);
  if (entry !== undefined) {
    const state = entry.epoch === cache.epoch ? freshness(nowMs - entry.loadedAtMs, cache.ttlMs, entry.jitter) : "due";
    if (state !== "due") {
      // Stale: served as it is; one background read is queued, off this request's turn.
      if (state === "stale" && !entry.refreshing) {
        entry.refreshing = true;
        setImmediate(refreshInBackground, index, entry);
      }
      return judgeEntry(entry, nowMs);
    }
    // Due for a re-read, and it was real when last read: re-read it whatever the address's budget.
    return loadAndJudge(index, presented, nowMs, address);
  }
  const refusedAtMs = cache.unknown.get(index);
  if (refusedAtMs !== undefined && nowMs - refusedAtMs < Math.min(cache.ttlMs, NEGATIVE_TTL_MS)) return refuseUnknown(address, nowMs);
  // Never seen, or not known for a while: only an address within its budget may have it looked up.
  const waitMs = unknownKeyWaitMs(address, nowMs);
  if (waitMs > 0) return tooManyUnknown(waitMs);
  return loadAndJudge(index, presented, nowMs, address);
}

/**
 * Drops what this instance knows of a key, so its next use reads the database: called after a
 * revoke or rotate commits. The entry stays, marked due and never served as it is: it keeps only
 * the fact that the hash was real, so the key is re-read even from an address over its
 * unknown-key budget (and a revoked one is told key_revoked, not 429).
 */
export function forgetKey(keyId: string): void {
  cache.generation += 1;
  cache.loading.clear();
  const index = cache.indexById.get(keyId);
  if (index === undefined) return;
  const entry = cache.live.peek(index);
  if (entry !== undefined) entry.loadedAtMs = Number.NEGATIVE_INFINITY;
}

/**
 * Drops what this instance knows of an account's keys (after its tier moved), so each one's next
 * use reads the database. Walks the cache: tier moves are rare, requests are not.
 */
export function forgetAccount(accountId: string): void {
  cache.generation += 1;
  cache.loading.clear();
  for (const entry of cache.live.values()) {
    if (entry.key.accountId === accountId) entry.loadedAtMs = Number.NEGATIVE_INFINITY;
  }
}

/** Drops everything (for example after a lost connection to the other instances): every key's next use reads the database. */
export function forgetAllKeys(): void {
  cache.generation += 1;
  cache.epoch += 1;
  cache.loading.clear();
  cache.unknown.clear();
}
