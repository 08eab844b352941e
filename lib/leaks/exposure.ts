// What a leak does. Tokens are matched by their stored HMAC in batches (one query per 500 tokens,
// never one per token); each matched key not yet marked exposed gets exposedAt, exposureUrl and
// exposureSource and an api_key.exposed event, and then its account's leak policy decides:
// "revoke" revokes a live key at once (api_key.revoked, reason "exposed") and tells every
// instance through keyChanged, as any revoke does; "notify" leaves it working, flagged. A key
// already marked exposed is left alone, so a repeated delivery or report changes nothing.
// Each account's keys change in one transaction that first locks the account row, so two
// deliveries of the same token at once still mark and revoke it once.
import { recordAuditEvents, type AuditActor, type AuditAction } from "@/lib/audit/record";
import { retryOnConflict } from "@/lib/db/retry";
import { db } from "@/lib/db";
import { keyChanged } from "@/lib/keys/revocation";
import { hashKey, isWellFormedKey } from "@/lib/keys/secret";
import { asLeakPolicy, type ExposureSource } from "./schemas";

const LOOKUP_BATCH = 500;
/** Keys changed per transaction: one account's hundreds of keys stay well inside a transaction's time limit. */
const WRITE_BATCH = 200;
const MAX_URL_LENGTH = 2048;

export type Exposure = { token: string; url: string | null };
/** Where the report came from (GitHub's or the reporter's address), for the audit events. */
export type Reporter = { ip: string | null; userAgent: string | null };

type MatchedKey = { id: string; accountId: string; keyHash: string; exposedAt: Date | null };

/** Only http(s) addresses are kept as the exposure URL: it is shown to the key's owner as a link. */
function exposureUrl(url: string | null): string | null {
  if (!url || url.length > MAX_URL_LENGTH) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The keys these tokens are, by hash. Malformed tokens never reach the database. */
async function findKeys(hashes: string[]): Promise<MatchedKey[]> {
  const found: MatchedKey[] = [];
  for (let i = 0; i < hashes.length; i += LOOKUP_BATCH) {
    const batch = hashes.slice(i, i + LOOKUP_BATCH);
    found.push(
      ...(await db().apiKey.findMany({ where: { keyHash: { in: batch } }, select: { id: true, accountId: true, keyHash: true, exposedAt: true } })),
    );
  }
  return found;
}

/** Marks and (by policy) revokes some of one account's newly exposed keys; returns the ids it revoked. */
async function exposeInAccount(accountId: string, exposures: Map<string, string | null>, source: ExposureSource, reporter: Reporter): Promise<string[]> {
  return retryOnConflict(() => db().$transaction(async (tx) => {
    // The lock first (as lib/keys/service.ts does), then the re-read under it.
    const account = await tx.account.update({ where: { id: accountId }, data: { updatedAt: new Date() }, select: { leakPolicy: true } });
    const policy = asLeakPolicy(account.leakPolicy);
    const keys = await tx.apiKey.findMany({ where: { accountId, id: { in: [...exposures.keys()] }, exposedAt: null }, orderBy: { createdAt: "asc" } });
    const now = new Date();
    const revoked: string[] = [];
    const events: { action: AuditAction; keyId: string; keyName: string; metadata: Record<string, unknown> }[] = [];
    for (const key of keys) {
      const url = exposures.get(key.id) ?? null;
      const live = (!key.revokedAt || key.revokedAt > now) && (!key.expiresAt || key.expiresAt > now);
      const revoke = live && policy === "revoke";
      await tx.apiKey.update({
        where: { id: key.id },
        data: { exposedAt: now, exposureUrl: url, exposureSource: source, ...(revoke ? { revokedAt: now, activeName: null } : {}) },
      });
      events.push({ action: "api_key.exposed", keyId: key.id, keyName: key.name, metadata: { source, url, policy, was_live: live } });
      if (revoke) {
        events.push({ action: "api_key.revoked", keyId: key.id, keyName: key.name, metadata: { reason: "exposed", source, url } });
        revoked.push(key.id);
      }
    }
    const actor: AuditActor = { userId: null, email: null, accountId, ip: reporter.ip, userAgent: reporter.userAgent };
    await recordAuditEvents(tx, actor, events);
    return revoked;
  }));
}

/**
 * Handles tokens found in public. Resolves with the set of tokens that are our keys (live,
 * revoked or expired alike), after every revocation has reached every instance.
 */
export async function handleExposures(exposures: Exposure[], source: ExposureSource, reporter: Reporter): Promise<Set<string>> {
  const hashByToken = new Map<string, string>();
  for (const { token } of exposures) {
    if (!hashByToken.has(token) && isWellFormedKey(token)) hashByToken.set(token, hashKey(token));
  }
  const keys = await findKeys([...new Set(hashByToken.values())]);
  const keyByHash = new Map(keys.map((key) => [key.keyHash, key]));
  const ours = new Set<string>();
  // Per account: each key not yet exposed, with the first URL it was found at in this batch.
  const newlyExposed = new Map<string, Map<string, string | null>>();
  for (const { token, url } of exposures) {
    const hash = hashByToken.get(token);
    const key = hash === undefined ? undefined : keyByHash.get(hash);
    if (!key) continue;
    ours.add(token);
    if (key.exposedAt) continue;
    const forAccount = newlyExposed.get(key.accountId) ?? new Map<string, string | null>();
    if (!forAccount.has(key.id)) forAccount.set(key.id, exposureUrl(url));
    newlyExposed.set(key.accountId, forAccount);
  }
  const revoked: string[] = [];
  for (const [accountId, forAccount] of newlyExposed) {
    const entries = [...forAccount];
    for (let i = 0; i < entries.length; i += WRITE_BATCH) {
      revoked.push(...(await exposeInAccount(accountId, new Map(entries.slice(i, i + WRITE_BATCH)), source, reporter)));
    }
  }
  // Before the answer: the next request with a revoked key is refused on every instance.
  await Promise.all(revoked.map((id) => keyChanged(id)));
  return ours;
}
