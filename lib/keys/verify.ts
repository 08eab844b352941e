// Verifying a presented key, the first step of every API-key request. Cheap refusals come
// first (format and checksum, no database); known keys are cached in memory so the hot path
// does no I/O. Revocation, rotation and expiry are still exact: the cache stores the times,
// expiry and scheduled revocation are compared with the clock on every request, and a revoke
// or rotate on this instance drops the entry before its response is sent.
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
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
};

type Entry = { key: VerifiedKey | null; loadedAtMs: number };
type Cache = {
  byHash: Map<string, Entry>;
  hashById: Map<string, string>;
  loading: Map<string, Promise<VerifiedKey | null>>;
  /** Bumped by every forget: a load that started before one must not be cached after it. */
  generation: number;
  /** How long a found key may be served from memory. */
  ttlMs: number;
};

/** Bounds how stale a cached key can be for changes made elsewhere (tier moves, other instances). */
export const CACHE_TTL_MS = 30_000;
/** While revocation messages may be missed (Redis away), entries live this long at most. */
export const UNTRUSTED_CACHE_TTL_MS = 1_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

const cache: Cache = ((globalThis as { __keyCache?: Cache }).__keyCache ??= {
  byHash: new Map(),
  hashById: new Map(),
  loading: new Map(),
  generation: 0,
  ttlMs: CACHE_TTL_MS,
});

/**
 * With several instances, the cache is trusted for CACHE_TTL_MS only while revocation messages
 * are known to arrive; otherwise each entry is re-read from the database after a second.
 */
export function setCacheTrusted(trusted: boolean): void {
  cache.ttlMs = trusted ? CACHE_TTL_MS : UNTRUSTED_CACHE_TTL_MS;
}

export const WWW_AUTHENTICATE = 'Bearer realm="api"';

export type RefusalCode = "invalid_api_key" | "key_revoked" | "key_expired";
export type Verification = { ok: true; key: VerifiedKey } | { ok: false; code: RefusalCode; message: string };

// Refusals are constants: refusing garbage allocates nothing and throws nothing.
const MALFORMED: Verification = { ok: false, code: "invalid_api_key", message: "The API key is malformed. Keys look like sk_live_ followed by 38 letters and digits." };
const UNKNOWN: Verification = { ok: false, code: "invalid_api_key", message: "The API key is not valid." };
const REVOKED: Verification = { ok: false, code: "key_revoked", message: "This API key has been revoked. Create or rotate a key in Settings → API keys." };
const EXPIRED: Verification = { ok: false, code: "key_expired", message: "This API key has expired. Create or rotate a key in Settings → API keys." };

/** The refusal as the error the API answers with (401, WWW-Authenticate: Bearer). */
export function refusalError(refusal: { code: RefusalCode; message: string }): ApiError {
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
  };
}

function remember(hash: string, key: VerifiedKey | null, nowMs: number) {
  if (cache.byHash.size >= MAX_ENTRIES) {
    // Map keeps insertion order: drop the oldest tenth.
    let drop = Math.ceil(MAX_ENTRIES / 10);
    for (const oldHash of cache.byHash.keys()) {
      if (drop-- <= 0) break;
      const old = cache.byHash.get(oldHash);
      if (old?.key) cache.hashById.delete(old.key.id);
      cache.byHash.delete(oldHash);
    }
  }
  cache.byHash.set(hash, { key, loadedAtMs: nowMs });
  if (key) cache.hashById.set(key.id, hash);
}

async function loadAndJudge(hash: string, nowMs: number): Promise<Verification> {
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
  return judgeKey(await pending, nowMs);
}

/**
 * Resolves a presented key. Synchronous for malformed keys and for keys in the cache (the hot
 * path: no I/O, no promise); a promise only when the database must be asked.
 */
export function verifyApiKey(presented: string, nowMs: number = Date.now()): Verification | Promise<Verification> {
  if (!isWellFormedKey(presented)) return MALFORMED;
  const hash = hashKey(presented);
  const entry = cache.byHash.get(hash);
  if (entry && nowMs - entry.loadedAtMs < (entry.key ? cache.ttlMs : Math.min(cache.ttlMs, NEGATIVE_TTL_MS))) return judgeKey(entry.key, nowMs);
  return loadAndJudge(hash, nowMs);
}

/** Drops a key from this instance's cache: called after a revoke or rotate commits. */
export function forgetKey(keyId: string): void {
  cache.generation += 1;
  cache.loading.clear();
  const hash = cache.hashById.get(keyId);
  if (hash === undefined) return;
  cache.hashById.delete(keyId);
  cache.byHash.delete(hash);
}

/** Drops everything (for example after a lost connection to the other instances). */
export function forgetAllKeys(): void {
  cache.generation += 1;
  cache.loading.clear();
  cache.byHash.clear();
  cache.hashById.clear();
}
