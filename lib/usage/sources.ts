// New sources: the first use of a key from a network it has not been used from in the last 30
// days becomes an api_key.new_source audit event, so a SIEM polling the audit API sees a leaked
// key being tried from somewhere new, whether the request was served or refused. A network is an
// IPv4 address, or an IPv6 /64 (one host's or one site's addresses, which change by the hour).
//
// Decided at flush time, in the flush's transaction, with two conditional statements that are
// atomic on both databases, so that with several instances exactly one records the event:
// refresh lastSeen where it is within 30 days (a known network), else insert, or revive a row
// older than 30 days (a new source). Networks this instance confirmed in the last hour skip
// both statements, so a busy key costs the flush nothing.
import { LRUCache } from "lru-cache";
import { recordAuditEvent } from "@/lib/audit/record";
import { Prisma, type Tx } from "@/lib/db";
import { normaliseAddress } from "@/lib/http/client-address.mjs";
import { budgetKey } from "@/lib/ratelimit/unknown-keys";
import { UNKNOWN_ADDRESS, type Outcome, type UsageRow } from "./counter";

export const NEW_SOURCE_WINDOW_MS = 30 * 86_400_000;
/** How long a confirmed network is not re-checked: lastSeen in the database may lag this much. */
const CONFIRM_INTERVAL_MS = 60 * 60_000;
/** New networks checked per key per flush; a spray from more waits for the next flush. */
export const NEW_SOURCE_CHECKS_PER_FLUSH = 100;

const bigint = (value: number) => Prisma.sql`CAST(${value} AS BIGINT)`;

type Known = { confirmed: LRUCache<string, number> };
const known: Known = ((globalThis as { __knownSources?: Known }).__knownSources ??= { confirmed: new LRUCache({ max: 100_000 }) });

/**
 * The network an address belongs to for new-source purposes: IPv4 itself, IPv6 its /64, the same
 * networks the unknown-key and leak-report budgets count by (budgetKey). Null for no address.
 */
export function sourceNetwork(address: string): string | null {
  const normal = address === UNKNOWN_ADDRESS ? null : normaliseAddress(address);
  return normal === null ? null : budgetKey(normal);
}

type Candidate = { keyId: string; network: string; address: string; seenMs: number; lastSeenMs: number; outcome: Outcome; userAgent: string | null };

/** The earliest use from each network per key in this flush. */
function candidates(rows: UsageRow[], nowMs: number): Candidate[] {
  const byKeyNetwork = new Map<string, Candidate>();
  const perKey = new Map<string, number>();
  for (const row of rows) {
    for (const [address, source] of row.sources) {
      const network = sourceNetwork(address);
      if (network === null) continue;
      const id = `${row.keyId} ${network}`;
      const confirmedAt = known.confirmed.get(id);
      if (confirmedAt !== undefined && nowMs - confirmedAt < CONFIRM_INTERVAL_MS) continue;
      const seen = byKeyNetwork.get(id);
      if (seen) {
        if (source.firstSeenMs < seen.seenMs) Object.assign(seen, { address, seenMs: source.firstSeenMs, outcome: source.lastOutcome, userAgent: source.userAgent });
        seen.lastSeenMs = Math.max(seen.lastSeenMs, source.lastSeenMs);
        continue;
      }
      const count = perKey.get(row.keyId) ?? 0;
      if (count >= NEW_SOURCE_CHECKS_PER_FLUSH) continue;
      perKey.set(row.keyId, count + 1);
      byKeyNetwork.set(id, { keyId: row.keyId, network, address, seenMs: source.firstSeenMs, lastSeenMs: source.lastSeenMs, outcome: source.lastOutcome, userAgent: source.userAgent });
    }
  }
  return [...byKeyNetwork.values()];
}

/**
 * Checks this flush's networks against the last 30 days and records an audit event for each new
 * one. `confirm` marks them as checked, to be called only once the transaction has committed.
 */
export async function recordNewSources(tx: Tx, rows: UsageRow[], nowMs: number = Date.now()): Promise<{ statements: number; events: number; confirm: () => void }> {
  const checks = candidates(rows, nowMs);
  if (checks.length === 0) return { statements: 0, events: 0, confirm: () => {} };
  let statements = 0;
  const cutoff = nowMs - NEW_SOURCE_WINDOW_MS;
  const fresh: Candidate[] = [];
  for (const check of checks) {
    const refreshed = await tx.$executeRaw`
      UPDATE "ApiKeySource" SET "lastSeenMs" = CASE WHEN "lastSeenMs" > ${bigint(check.lastSeenMs)} THEN "lastSeenMs" ELSE ${bigint(check.lastSeenMs)} END
      WHERE "keyId" = ${check.keyId} AND "network" = ${check.network} AND "lastSeenMs" >= ${bigint(cutoff)}`;
    statements += 1;
    if (refreshed > 0) continue;
    // Inserted, or revived after 30 days of silence: new. 0 rows: another instance just did it.
    const created = await tx.$executeRaw`
      INSERT INTO "ApiKeySource" ("keyId", "network", "firstSeenMs", "lastSeenMs")
      SELECT CAST(${check.keyId} AS TEXT), CAST(${check.network} AS TEXT), ${bigint(check.seenMs)}, ${bigint(check.lastSeenMs)}
      WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "ApiKey"."id" = ${check.keyId})
      ON CONFLICT ("keyId", "network") DO UPDATE SET "firstSeenMs" = excluded."firstSeenMs", "lastSeenMs" = excluded."lastSeenMs"
      WHERE "ApiKeySource"."lastSeenMs" < ${bigint(cutoff)}`;
    statements += 1;
    if (created > 0) fresh.push(check);
  }
  if (fresh.length > 0) {
    const keys = await tx.apiKey.findMany({ where: { id: { in: [...new Set(fresh.map((check) => check.keyId))] } }, select: { id: true, name: true, accountId: true } });
    statements += 1;
    const byId = new Map(keys.map((key) => [key.id, key]));
    for (const check of fresh.sort((a, b) => a.seenMs - b.seenMs)) {
      const key = byId.get(check.keyId);
      if (!key) continue;
      await recordAuditEvent(
        tx,
        { userId: null, email: null, accountId: key.accountId, ip: check.address, userAgent: check.userAgent },
        {
          action: "api_key.new_source",
          keyId: key.id,
          keyName: key.name,
          metadata: {
            address: check.address,
            network: check.network,
            first_seen_at: new Date(check.seenMs).toISOString(),
            latest_outcome: check.outcome,
            window_days: NEW_SOURCE_WINDOW_MS / 86_400_000,
          },
        },
      );
      statements += 2;
    }
  }
  return {
    statements,
    events: fresh.length,
    confirm: () => {
      for (const check of checks) known.confirmed.set(`${check.keyId} ${check.network}`, nowMs);
    },
  };
}
