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
export type { ApiKey, AuditEvent, Session } from "./generated/sqlite/client.ts";

/**
 * Changes to one account run one after another (they lock its row first), so a burst of them (50
 * keys created at once by a provisioning script) queues. Prisma's defaults (2 s to start, 5 s in
 * all) turned the end of such a queue into 500s; these give it room, and still end a transaction
 * that hangs.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

function createDb(): Db {
  const database = resolveDatabase();
  if (database.provider === "postgresql") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: database.url, max: 10 }), transactionOptions: TRANSACTION_OPTIONS });
    // Same models, same queries: only the SQL dialect underneath differs.
    return client as unknown as Db;
  }
  return new SqliteClient({ adapter: new WalSqliteAdapter(database.url), transactionOptions: TRANSACTION_OPTIONS });
}

/**
 * better-sqlite3 runs on the event loop: in the default rollback-journal mode every commit waits
 * for several fsyncs and stalls every request meanwhile. WAL with synchronous=NORMAL commits
 * without an fsync (durable at checkpoints: a power cut can lose the last commits, never corrupt
 * the file). Set when the connection opens, before any query or transaction can run on it.
 */
class WalSqliteAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  readonly #inner: PrismaBetterSQLite3;

  constructor(url: string) {
    this.#inner = new PrismaBetterSQLite3({ url, timeout: 5000 });
  }

  async connect() {
    const adapter = await this.#inner.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return adapter;
  }
}

const globalForDb = globalThis as unknown as { __db?: Db };

export function db(): Db {
  globalForDb.__db ??= createDb();
  return globalForDb.__db;
}

export function databaseProvider(): "sqlite" | "postgresql" {
  return resolveDatabase().provider;
}
