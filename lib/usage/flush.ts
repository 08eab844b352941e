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
  const rows = takePendingUsage();
  if (rows.length === 0) return { rows: 0, requests: 0, statements: 0 };
  const statements: Prisma.PrismaPromise<number>[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const values = rows.slice(start, start + ROWS_PER_STATEMENT).map(
      // Explicit casts: PostgreSQL would otherwise type the VALUES columns as text.
      (row) => Prisma.sql`(CAST(${row.keyId} AS TEXT), CAST(${row.day} AS TEXT), CAST(${row.requests} AS BIGINT), CAST(${row.lastUsedMs} AS BIGINT))`,
    );
    // Same SQL on SQLite and PostgreSQL. A key deleted meanwhile would fail the foreign key,
    // hence the EXISTS filter.
    statements.push(db().$executeRaw`
      INSERT INTO "ApiKeyUsageDay" ("keyId", "day", "requests", "lastUsedMs")
      SELECT v.column1, v.column2, v.column3, v.column4 FROM (VALUES ${Prisma.join(values)}) AS v
      WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "ApiKey"."id" = v.column1)
      ON CONFLICT ("keyId", "day") DO UPDATE SET
        "requests" = "ApiKeyUsageDay"."requests" + excluded."requests",
        "lastUsedMs" = CASE WHEN excluded."lastUsedMs" > "ApiKeyUsageDay"."lastUsedMs"
                            THEN excluded."lastUsedMs" ELSE "ApiKeyUsageDay"."lastUsedMs" END`);
  }
  try {
    // A transaction even for one statement: all or nothing, and on SQLite (one shared
    // connection) it waits for, instead of joining, a transaction another request has open.
    await db().$transaction(statements);
  } catch (error) {
    restorePendingUsage(rows);
    throw error;
  }
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  stats.flushes += 1;
  stats.statements += statements.length;
  stats.rows += rows.length;
  stats.requests += requests;
  return { rows: rows.length, requests, statements: statements.length };
}
