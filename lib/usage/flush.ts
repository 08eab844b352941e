// Writes the in-memory tally as additive increments: one multi-row INSERT ... ON CONFLICT DO
// UPDATE per flush, whatever the number of requests, so several instances can flush the same
// keys safely and the request path never writes.
import { db, Prisma } from "@/lib/db";
import { restorePendingUsage, takePendingUsage } from "./counter";

export const FLUSH_INTERVAL_MS = 5_000;
const ROWS_PER_STATEMENT = 500;

export type FlushResult = { rows: number; requests: number; statements: number };

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

export async function flushUsage(): Promise<FlushResult> {
  const pending = takePendingUsage();
  const rows: Prisma.Sql[] = [];
  let requests = 0;
  for (const [keyId, days] of pending) {
    for (const [day, count] of days) {
      // Explicit casts: PostgreSQL would otherwise type the VALUES columns as text.
      rows.push(Prisma.sql`(CAST(${keyId} AS TEXT), CAST(${day} AS TEXT), CAST(${count.requests} AS BIGINT), CAST(${count.lastUsedMs} AS BIGINT))`);
      requests += count.requests;
    }
  }
  if (rows.length === 0) return { rows: 0, requests: 0, statements: 0 };
  let statements = 0;
  try {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
      // Same SQL on SQLite and PostgreSQL. A key deleted meanwhile would fail the foreign key,
      // hence the EXISTS filter.
      await db().$executeRaw`
        INSERT INTO "ApiKeyUsageDay" ("keyId", "day", "requests", "lastUsedMs")
        SELECT v.column1, v.column2, v.column3, v.column4 FROM (VALUES ${Prisma.join(batch)}) AS v
        WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "ApiKey"."id" = v.column1)
        ON CONFLICT ("keyId", "day") DO UPDATE SET
          "requests" = "ApiKeyUsageDay"."requests" + excluded."requests",
          "lastUsedMs" = CASE WHEN excluded."lastUsedMs" > "ApiKeyUsageDay"."lastUsedMs"
                              THEN excluded."lastUsedMs" ELSE "ApiKeyUsageDay"."lastUsedMs" END`;
      statements += 1;
    }
  } catch (error) {
    // A partial failure cannot happen across statements we did not run; put back what was not
    // written (all of it when the first statement failed) and try again next interval.
    restorePendingUsage(statements === 0 ? pending : sliceUnwritten(pending, statements * ROWS_PER_STATEMENT));
    throw error;
  }
  stats.flushes += 1;
  stats.statements += statements;
  stats.rows += rows.length;
  stats.requests += requests;
  return { rows: rows.length, requests, statements };
}

function sliceUnwritten(pending: Map<string, Map<string, { requests: number; lastUsedMs: number }>>, written: number) {
  const rest = new Map<string, Map<string, { requests: number; lastUsedMs: number }>>();
  let index = 0;
  for (const [keyId, days] of pending) {
    for (const [day, count] of days) {
      if (index++ < written) continue;
      let target = rest.get(keyId);
      if (!target) {
        target = new Map();
        rest.set(keyId, target);
      }
      target.set(day, count);
    }
  }
  return rest;
}
