// Fails when a provider's migration history no longer builds the schema its models describe,
// or when the two providers stop sharing one set of models.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPrisma } from "../../scripts/lib/prisma.mjs";
import { createTestDatabase, reachablePostgresUrl, withClient, type TestDatabase } from "../support/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const env = (databaseUrl: string): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: databaseUrl });
const fromEmptyScript = (provider: "sqlite" | "postgresql", databaseUrl: string) =>
  runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${provider}`, "--script"], env(databaseUrl));

it("both providers read the same models file", () => {
  const sqlite = realpathSync(path.join(ROOT, "prisma/sqlite/models.prisma"));
  const postgresql = realpathSync(path.join(ROOT, "prisma/postgresql/models.prisma"));
  expect(readFileSync(sqlite, "utf8")).toBe(readFileSync(postgresql, "utf8"));
  expect(sqlite).toBe(postgresql);
});

type Shape = { tables: Record<string, unknown> };

/** Tables, columns, indexes and foreign keys of a SQLite file, in a stable order. */
function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('_prisma_migrations', 'sqlite_sequence') ORDER BY name")
      .all() as { name: string }[];
    const tables: Record<string, unknown> = {};
    for (const { name } of names) {
      const columns = (db.prepare(`PRAGMA table_xinfo("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[])
        .map(({ name: column, type, notnull, dflt_value, pk }) => ({ column, type, notnull, dflt_value, pk }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const indexes = (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[])
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          columns: (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const foreignKeys = (db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { table: string; from: string; to: string; on_update: string; on_delete: string }[])
        .map(({ table, from, to, on_update, on_delete }) => ({ table, from, to, on_update, on_delete }))
        .sort((a, b) => a.from.localeCompare(b.from));
      tables[name] = { columns, indexes, foreignKeys };
    }
    return { tables };
  } finally {
    db.close();
  }
}

describe("SQLite", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "soc-drift-sqlite-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the migration history builds exactly the schema of the current models", () => {
    const history = path.join(dir, "history.db");
    runPrisma(["migrate", "deploy"], env(`file:${history}`));

    const fromModels = path.join(dir, "models.db");
    const script = fromEmptyScript("sqlite", `file:${fromModels}`);
    const db = new Database(fromModels);
    db.exec(script);
    db.close();

    const expected = sqliteShape(fromModels);
    expect(Object.keys(expected.tables).length).toBeGreaterThan(0);
    expect(sqliteShape(history)).toEqual(expected);
  });
});

type PgShape = { columns: unknown[]; indexes: unknown[]; constraints: unknown[]; enums: unknown[] };

async function postgresShape(url: string): Promise<PgShape> {
  return withClient(url, async (client) => {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY 1, 2`,
    );
    const enums = await client.query(
      `SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY 1, e.enumsortorder`,
    );
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, enums: enums.rows };
  });
}

const postgresUrl = await reachablePostgresUrl("the PostgreSQL drift check");

describe.runIf(postgresUrl)("PostgreSQL", () => {
  if (!postgresUrl) return;
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("the migration history builds exactly the schema of the current models", async () => {
    const history = await createTestDatabase(postgresUrl);
    databases.push(history);
    runPrisma(["migrate", "deploy"], env(history.url));

    const fromModels = await createTestDatabase(postgresUrl);
    databases.push(fromModels);
    const script = fromEmptyScript("postgresql", fromModels.url);
    await withClient(fromModels.url, (client) => client.query(script));

    const expected = await postgresShape(fromModels.url);
    expect(expected.columns.length).toBeGreaterThan(0);
    expect(await postgresShape(history.url)).toEqual(expected);
  });

  it("has the same tables and columns as SQLite", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "soc-drift-both-"));
    try {
      const sqliteFile = path.join(dir, "app.db");
      runPrisma(["migrate", "deploy"], env(`file:${sqliteFile}`));
      const sqliteColumns = Object.entries(sqliteShape(sqliteFile).tables)
        .flatMap(([table, shape]) => (shape as { columns: { column: string }[] }).columns.map(({ column }) => `${table}.${column}`))
        .sort();

      const database = await createTestDatabase(postgresUrl);
      databases.push(database);
      runPrisma(["migrate", "deploy"], env(database.url));
      const { columns } = await postgresShape(database.url);
      const postgresColumns = (columns as { table_name: string; column_name: string }[]).map((c) => `${c.table_name}.${c.column_name}`).sort();
      expect(postgresColumns).toEqual(sqliteColumns);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
