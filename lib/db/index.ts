// One Prisma client per process, for whichever provider DATABASE_URL names at start-up.
// Both generated clients are in the build, so one `next build` serves either database.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { resolveDatabase } from "@/lib/config/runtime.mjs";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";

/** The client type. The two generated clients come from the same models, so they share it. */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };
export type { ApiKey, AuditEvent } from "./generated/sqlite/client.ts";

function createDb(): Db {
  const database = resolveDatabase();
  if (database.provider === "postgresql") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: database.url, max: 10 }) });
    // Same models, same queries: only the SQL dialect underneath differs.
    return client as unknown as Db;
  }
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: database.url, timeout: 5000 }) });
}

const globalForDb = globalThis as unknown as { __db?: Db };

export function db(): Db {
  globalForDb.__db ??= createDb();
  return globalForDb.__db;
}

export function databaseProvider(): "sqlite" | "postgresql" {
  return resolveDatabase().provider;
}
