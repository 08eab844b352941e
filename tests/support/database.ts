// Throwaway PostgreSQL databases for tests. The database named in the URL is only used to
// connect and run CREATE/DROP DATABASE; its contents are never touched.
import { randomBytes } from "node:crypto";
import pg from "pg";

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url.trim());
}

/** The PostgreSQL URL the tests were pointed at (TEST_DATABASE_URL, else DATABASE_URL), or null for SQLite. */
export function configuredPostgresUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of [env.TEST_DATABASE_URL, env.DATABASE_URL]) {
    if (isPostgresUrl(candidate)) return candidate.trim();
  }
  return null;
}

/** Where to look for PostgreSQL when no URL was given: the local server, if one answers. */
export const LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * For tests that need PostgreSQL whatever the run's database: the configured URL, else the local
 * server; null (with a note on stderr saying what was skipped) when neither answers.
 */
export async function reachablePostgresUrl(purpose: string): Promise<string | null> {
  const url = configuredPostgresUrl() ?? LOCAL_POSTGRES_URL;
  if (await postgresReachable(url)) return url;
  process.stderr.write(`Skipping ${purpose}: no PostgreSQL answers at ${url} (set TEST_DATABASE_URL).\n`);
  return null;
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

/** CREATE DATABASE <name>_t<random> next to the database in baseUrl; drop() removes it again. */
export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const base = new URL(baseUrl);
  const baseName = decodeURIComponent(base.pathname.replace(/^\//, "")) || "postgres";
  const name = `${baseName.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 40)}_t${randomBytes(5).toString("hex")}`;
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Runs queries against a database and closes the connection afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
