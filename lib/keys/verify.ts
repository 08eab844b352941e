// Verifying a presented key, the first step of every API-key request. Cheap refusals come
// first (format and checksum, no database); known keys are cached in memory so the hot path
// does no I/O. Revocation, rotation and expiry are still exact: the cache stores the times,
// expiry and scheduled revocation are compared with the clock on every request, and a revoke
// or rotate on this instance drops the entry before its response is sent.
//
// The checksum is public, so well-formed is not the same as issued: anyone can mint keys that
// pass it. Keys the database did not know are therefore kept apart from found ones (their own
// small cache, so a flood of them cannot push live keys out of the least-recently-used cache of
// found keys), and are counted per client address: past the budget (lib/ratelimit/unknown-keys.ts)
// that address's unknown keys are refused with 429 before the database is asked. A found key
// never waits on that count, and a key this instance has found before is re-read when due even
// from an address over budget, so one office's broken integration does not lock out its good ones.
import { LRUCache } from "lru-cache";
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { countUnknownKey, UNKNOWN_KEY_BUDGET, unknownKeyWaitMs } from "@/lib/ratelimit/unknown-keys";
import { compileAllowList, type AllowList } from "./allowed-ips";
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
type Entry = { key: VerifiedKey; loadedAtMs: number; epoch: number };
type Cache = {
  /** Found keys (revoked and expired ones too), least recently used out first. */
  live: LRUCache<string, Entry>;
  /** Hashes the database did not know → when it said so. */
  unknown: LRUCache<string, number>;
  hashById: Map<string, string>;
  loading: Map<string, Promise<VerifiedKey | null>>;
  /** Bumped by every forget: a load that started before one must not be cached after it. */
  generation: number;
  /** Bumped by forgetAllKeys: entries loaded in an earlier epoch are all due for a re-read. */
  epoch: number;
  /** How long a found key may be served from memory. */
  ttlMs: number;
};

/** Bounds how stale a cached key can be for changes made elsewhere (tier moves, other instances). */
export const CACHE_TTL_MS = 30_000;
/** While revocation messages may be missed (Redis away), entries live this long at most. */
export const UNTRUSTED_CACHE_TTL_MS = 1_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_LIVE_KEYS = 50_000;
/** Small: the per-address budget lets few unknown keys through to be remembered. */
const MAX_UNKNOWN_KEYS = 5_000;
/** KEY_LOOKUP_LOG=1 prints a line per database look-up of a key, so tests can count them. */
const LOG_LOOKUPS = process.env.KEY_LOOKUP_LOG === "1";

// On globalThis: Next may load this module once per route bundle, and a forget in one route
// (revoke, rotate) must reach the cache every other route reads.
const cache: Cache = ((globalThis as { __apiKeyCache?: Cache }).__apiKeyCache ??= newCache());

function newCache(): Cache {
  const hashById = new Map<string, string>();
  return {
    live: new LRUCache<string, Entry>({
      max: MAX_LIVE_KEYS,
      // An evicted or deleted key must not leave its id behind (an overwrite sets it again).
      dispose: (entry, hash, reason) => {
        if (reason !== "set" && hashById.get(entry.key.id) === hash) hashById.delete(entry.key.id);
      },
    }),
    unknown: new LRUCache<string, number>({ max: MAX_UNKNOWN_KEYS }),
    hashById,
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

async function load(hash: string): Promise<VerifiedKey | null> {
  const row = await db().apiKey.findUnique({ where: { keyHash: hash }, include: { account: { select: { tier: true } } } });
  if (LOG_LOOKUPS) console.log(`[keys] database look-up: ${row ? `found key=${row.id}` : "unknown"}`);
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

function remember(hash: string, key: VerifiedKey | null, nowMs: number) {
  if (key === null) {
    cache.live.delete(hash);
    cache.unknown.set(hash, nowMs);
    return;
  }
  cache.unknown.delete(hash);
  cache.live.set(hash, { key, loadedAtMs: nowMs, epoch: cache.epoch });
  cache.hashById.set(key.id, hash);
}

/** An unknown key counts against its address; past the budget the answer is 429 instead of 401. */
function refuseUnknown(address: string | null, nowMs: number): Verification | Promise<Verification> {
  const waitMs = unknownKeyWaitMs(address, nowMs);
  if (waitMs > 0) return tooManyUnknown(waitMs);
  return countUnknownKey(address, nowMs).then((wait) => (wait > 0 ? tooManyUnknown(wait) : UNKNOWN));
}

async function loadAndJudge(hash: string, nowMs: number, address: string | null): Promise<Verification> {
  // One database read per key however many requests arrive at once.
  let pending = cache.loading.get(hash);
  if (!pending) {
    const generation = cache.generation;
    const loading = load(hash).then((key) => {
      if (generation === cache.generation) remember(hash, key, nowMs);
      return key;
    });
    pending = loading.finally(() => {
      if (cache.loading.get(hash) === pending) cache.loading.delete(hash);
    });
    cache.loading.set(hash, pending);
  }
  const key = await pending;
  return key === null ? refuseUnknown(address, nowMs) : judgeKey(key, nowMs);
}

/**
 * Resolves a presented key, from `address` (the client address, or null when unknown).
 * Synchronous for malformed keys and for found keys in the cache (the hot path: no I/O, no
 * promise, no limiter); a promise when the database must be asked or an unknown key counted.
 */
export function verifyApiKey(presented: string, nowMs: number = Date.now(), address: string | null = null): Verification | Promise<Verification> {
  if (!isWellFormedKey(presented)) return MALFORMED;
  const hash = hashKey(presented);
  const entry = cache.live.get(hash);
  if (entry !== undefined) {
    if (entry.epoch === cache.epoch && nowMs - entry.loadedAtMs < cache.ttlMs) return judgeKey(entry.key, nowMs);
    // Due for a re-read, and it was real when last read: re-read it whatever the address's budget.
    return loadAndJudge(hash, nowMs, address);
  }
  const refusedAtMs = cache.unknown.get(hash);
  if (refusedAtMs !== undefined && nowMs - refusedAtMs < Math.min(cache.ttlMs, NEGATIVE_TTL_MS)) return refuseUnknown(address, nowMs);
  // Never seen, or not known for a while: only an address within its budget may have it looked up.
  const waitMs = unknownKeyWaitMs(address, nowMs);
  if (waitMs > 0) return tooManyUnknown(waitMs);
  return loadAndJudge(hash, nowMs, address);
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
  const hash = cache.hashById.get(keyId);
  if (hash === undefined) return;
  const entry = cache.live.peek(hash);
  if (entry !== undefined) entry.loadedAtMs = Number.NEGATIVE_INFINITY;
}

/** Drops everything (for example after a lost connection to the other instances): every key's next use reads the database. */
export function forgetAllKeys(): void {
  cache.generation += 1;
  cache.epoch += 1;
  cache.loading.clear();
  cache.unknown.clear();
}
