// Writes the in-memory tally as additive increments, in one transaction per flush, so several
// instances can flush the same keys safely and the request path never writes:
//   1. one multi-row INSERT ... ON CONFLICT DO UPDATE per 500 key-days (served, refused by
//      reason, the latest address and user agent). In PostgreSQL this also row-locks each
//      key-day until commit, so two instances flushing the same key-day run one after the other;
//   2. the source addresses of each key-day, at most SOURCES_PER_DAY kept per key and day (read
//      after step 1's lock, so the cap holds across instances); uses from further addresses are
//      summed in otherSourceRequests;
//   3. new sources (lib/usage/sources.ts): an api_key.new_source audit event for each network a
//      key was not used from in the last 30 days.
// A failed flush puts everything back for the next one, so nothing counted is lost.
import { db, Prisma, type Tx } from "@/lib/db";
import { restorePendingUsage, takePendingUsage, type UsageRow } from "./counter";
import { recordNewSources } from "./sources";

export const FLUSH_INTERVAL_MS = 5_000;
const ROWS_PER_STATEMENT = 500;
/** Source addresses kept per key and UTC day; the rest are counted as "other". */
export const SOURCES_PER_DAY = 100;
const MAX_USER_AGENT = 512;

export type FlushResult = { rows: number; requests: number; statements: number; newSources: number };

type FlushStats = { flushes: number; statements: number; rows: number; requests: number };
const stats: FlushStats = ((globalThis as { __usageFlushStats?: FlushStats }).__usageFlushStats ??= {
  flushes: 0,
  statements: 0,
  rows: 0,
  requests: 0,
});

export function flushStats(): Readonly<FlushStats> {
  return stats;
}

const text = (value: string | null) => Prisma.sql`CAST(${value} AS TEXT)`;
const bigint = (value: number) => Prisma.sql`CAST(${value} AS BIGINT)`;
const userAgent = (value: string | null) => (value === null ? null : value.slice(0, MAX_USER_AGENT));

async function upsertDays(tx: Tx, rows: UsageRow[]): Promise<number> {
  let statements = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const values = rows.slice(start, start + ROWS_PER_STATEMENT).map(
      // Explicit casts: PostgreSQL would otherwise type the VALUES columns as text.
      (row) =>
        Prisma.sql`(${text(row.keyId)}, ${text(row.day)}, ${bigint(row.requests)}, ${bigint(row.lastUsedMs)}, ${bigint(row.rateLimited)}, ${bigint(row.ipNotAllowed)}, ${bigint(row.insufficientScope)}, ${text(row.lastIp)}, ${text(userAgent(row.lastUserAgent))})`,
    );
    // Same SQL on SQLite and PostgreSQL. A key deleted meanwhile would fail the foreign key,
    // hence the EXISTS filter. SET expressions read the row as it was, so the CASEs compare
    // against the old lastUsedMs.
    await tx.$executeRaw`
      INSERT INTO "ApiKeyUsageDay" ("keyId", "day", "requests", "lastUsedMs", "rateLimited", "ipNotAllowed", "insufficientScope", "lastIp", "lastUserAgent")
      SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9 FROM (VALUES ${Prisma.join(values)}) AS v
      WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "ApiKey"."id" = v.column1)
      ON CONFLICT ("keyId", "day") DO UPDATE SET
        "requests" = "ApiKeyUsageDay"."requests" + excluded."requests",
        "rateLimited" = "ApiKeyUsageDay"."rateLimited" + excluded."rateLimited",
        "ipNotAllowed" = "ApiKeyUsageDay"."ipNotAllowed" + excluded."ipNotAllowed",
        "insufficientScope" = "ApiKeyUsageDay"."insufficientScope" + excluded."insufficientScope",
        "lastIp" = CASE WHEN excluded."lastUsedMs" >= "ApiKeyUsageDay"."lastUsedMs" THEN excluded."lastIp" ELSE "ApiKeyUsageDay"."lastIp" END,
        "lastUserAgent" = CASE WHEN excluded."lastUsedMs" >= "ApiKeyUsageDay"."lastUsedMs" THEN excluded."lastUserAgent" ELSE "ApiKeyUsageDay"."lastUserAgent" END,
        "lastUsedMs" = CASE WHEN excluded."lastUsedMs" > "ApiKeyUsageDay"."lastUsedMs" THEN excluded."lastUsedMs" ELSE "ApiKeyUsageDay"."lastUsedMs" END`;
    statements += 1;
  }
  return statements;
}

type SourceWrite = { keyId: string; day: string; address: string; firstSeenMs: number; lastSeenMs: number; requests: number };

/** Splits each key-day's addresses into the ones kept (known, or new while under the cap) and "other". */
async function upsertSources(tx: Tx, rows: UsageRow[]): Promise<number> {
  const withSources = rows.filter((row) => row.sources.size > 0 || row.otherSources > 0);
  if (withSources.length === 0) return 0;
  let statements = 0;
  const kept = new Map<string, Set<string>>();
  for (let start = 0; start < withSources.length; start += ROWS_PER_STATEMENT) {
    const pairs = withSources.slice(start, start + ROWS_PER_STATEMENT).map((row) => ({ keyId: row.keyId, day: row.day }));
    const existing = await tx.apiKeySourceDay.findMany({ where: { OR: pairs }, select: { keyId: true, day: true, address: true } });
    statements += 1;
    for (const source of existing) {
      const id = `${source.keyId} ${source.day}`;
      let addresses = kept.get(id);
      if (!addresses) kept.set(id, (addresses = new Set()));
      addresses.add(source.address);
    }
  }
  const writes: SourceWrite[] = [];
  const overflow: { keyId: string; day: string; requests: number }[] = [];
  for (const row of withSources) {
    const addresses = kept.get(`${row.keyId} ${row.day}`) ?? new Set<string>();
    let other = row.otherSources;
    for (const [address, source] of row.sources) {
      if (addresses.has(address) || addresses.size < SOURCES_PER_DAY) {
        addresses.add(address);
        writes.push({ keyId: row.keyId, day: row.day, address, firstSeenMs: source.firstSeenMs, lastSeenMs: source.lastSeenMs, requests: source.requests });
      } else {
        other += source.requests;
      }
    }
    if (other > 0) overflow.push({ keyId: row.keyId, day: row.day, requests: other });
  }
  for (let start = 0; start < writes.length; start += ROWS_PER_STATEMENT) {
    const values = writes
      .slice(start, start + ROWS_PER_STATEMENT)
      .map((w) => Prisma.sql`(${text(w.keyId)}, ${text(w.day)}, ${text(w.address)}, ${bigint(w.firstSeenMs)}, ${bigint(w.lastSeenMs)}, ${bigint(w.requests)})`);
    await tx.$executeRaw`
      INSERT INTO "ApiKeySourceDay" ("keyId", "day", "address", "firstSeenMs", "lastSeenMs", "requests")
      SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6 FROM (VALUES ${Prisma.join(values)}) AS v
      WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "ApiKey"."id" = v.column1)
      ON CONFLICT ("keyId", "day", "address") DO UPDATE SET
        "requests" = "ApiKeySourceDay"."requests" + excluded."requests",
        "firstSeenMs" = CASE WHEN excluded."firstSeenMs" < "ApiKeySourceDay"."firstSeenMs" THEN excluded."firstSeenMs" ELSE "ApiKeySourceDay"."firstSeenMs" END,
        "lastSeenMs" = CASE WHEN excluded."lastSeenMs" > "ApiKeySourceDay"."lastSeenMs" THEN excluded."lastSeenMs" ELSE "ApiKeySourceDay"."lastSeenMs" END`;
    statements += 1;
  }
  for (const { keyId, day, requests } of overflow) {
    await tx.$executeRaw`UPDATE "ApiKeyUsageDay" SET "otherSourceRequests" = "otherSourceRequests" + ${bigint(requests)} WHERE "keyId" = ${keyId} AND "day" = ${day}`;
    statements += 1;
  }
  return statements;
}

export async function flushUsage(): Promise<FlushResult> {
  // Sorted, so concurrent flushes of several instances lock key-days in the same order.
  const rows = takePendingUsage().sort((a, b) => (a.keyId === b.keyId ? a.day.localeCompare(b.day) : a.keyId < b.keyId ? -1 : 1));
  if (rows.length === 0) return { rows: 0, requests: 0, statements: 0, newSources: 0 };
  let statements = 0;
  let newSources = 0;
  let confirmSources = () => {};
  try {
    await db().$transaction(
      async (tx) => {
        statements += await upsertDays(tx, rows);
        statements += await upsertSources(tx, rows);
        const sources = await recordNewSources(tx, rows);
        statements += sources.statements;
        newSources = sources.events;
        confirmSources = sources.confirm;
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
    confirmSources();
  } catch (error) {
    restorePendingUsage(rows);
    throw error;
  }
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  stats.flushes += 1;
  stats.statements += statements;
  stats.rows += rows.length;
  stats.requests += requests;
  return { rows: rows.length, requests, statements, newSources };
}
