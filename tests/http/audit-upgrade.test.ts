// Upgrading to account-local audit cursors (migration 20261127100000_audit_account_sequence):
// the events already there are numbered per account, and a poller holding a next_since of the old
// API (base64url "seq:N", N global) goes on without losing or repeating an event, while such old
// values reveal nothing about events written after the upgrade.
import { randomUUID } from "node:crypto";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runPrisma } from "../../scripts/lib/prisma.mjs";
import { api, GOOD_PASSWORD, signIn, uniqueEmail } from "../support/client";
import { configuredPostgresUrl, createTestDatabase, reachablePostgresUrl, withClient, type TestDatabase } from "../support/database";
import { createKey } from "../support/keys";
import { startServer, tempDir } from "../support/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PREVIOUS = "20261126000000_init";
type Provider = "sqlite" | "postgresql";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * `prisma migrate deploy` of the history up to and including `last`: the project's config with
 * the migrations folder swapped for a copy holding only those migrations.
 */
function deployUpTo(provider: Provider, databaseUrl: string, last: string) {
  const dir = tempDir("migrate-upto");
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const source = path.join(ROOT, "prisma", provider, "migrations");
  const target = path.join(dir, "migrations");
  mkdirSync(target);
  cpSync(path.join(source, "migration_lock.toml"), path.join(target, "migration_lock.toml"));
  cpSync(path.join(source, last), path.join(target, last), { recursive: true });
  const config = path.join(dir, "prisma.config.ts");
  writeFileSync(
    config,
    `import base from ${JSON.stringify(path.join(ROOT, "prisma.config.ts"))};\n` +
      `export default { ...base, schema: ${JSON.stringify(path.join(ROOT, "prisma", provider))}, migrations: { path: ${JSON.stringify(target)} } };\n`,
  );
  const output = runPrisma(["migrate", "deploy", "--config", config], { ...process.env, DATABASE_URL: databaseUrl });
  expect(output).toContain(last);
}

/** The whole history, as the server applies it at start. */
const deployAll = (databaseUrl: string) => runPrisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: databaseUrl });

/** Statements and queries on either provider; values go in as parameters ($1, $2... on both). */
async function sql(provider: Provider, databaseUrl: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (provider === "postgresql") return withClient(databaseUrl, async (client) => (await client.query(text, params)).rows as Record<string, unknown>[]);
  const ordered: unknown[] = [];
  const sqliteText = text.replace(/\$(\d+)/g, (_match, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return "?";
  });
  const db = new Database(databaseUrl.replace(/^file:/, ""));
  try {
    const statement = db.prepare(sqliteText);
    if (statement.reader) return statement.all(...ordered) as Record<string, unknown>[];
    statement.run(...ordered);
    return [];
  } finally {
    db.close();
  }
}

type Fixture = { accounts: Record<"alice" | "bob" | "quiet", string>; users: Record<"alice" | "bob", string>; events: { who: "alice" | "bob"; id: string }[] };

/** Two accounts whose events interleave, and one with none, written as the old schema stored them. */
async function seedBeforeUpgrade(provider: Provider, databaseUrl: string): Promise<Fixture> {
  const now = provider === "sqlite" ? new Date().toISOString().replace("Z", "+00:00") : new Date().toISOString();
  const accounts = { alice: randomUUID(), bob: randomUUID(), quiet: randomUUID() };
  const users = { alice: uniqueEmail("legacy-alice"), bob: uniqueEmail("legacy-bob") };
  // Cost 4: only the hash's own cost counts at sign-in, and this one need not be strong.
  const passwordHash = await bcrypt.hash(GOOD_PASSWORD, 4);
  for (const id of Object.values(accounts)) {
    await sql(provider, databaseUrl, `INSERT INTO "Account" ("id", "tier", "createdAt", "updatedAt") VALUES ($1, 'free', $2, $2)`, [id, now]);
  }
  for (const who of ["alice", "bob"] as const) {
    await sql(provider, databaseUrl, `INSERT INTO "User" ("id", "email", "passwordHash", "accountId", "createdAt") VALUES ($1, $2, $3, $4, $5)`, [
      randomUUID(), users[who], passwordHash, accounts[who], now,
    ]);
  }
  const order = ["alice", "bob", "alice", "bob", "bob", "alice", "bob"] as const;
  const events: Fixture["events"] = [];
  for (const [i, who] of order.entries()) {
    const id = randomUUID();
    await sql(
      provider,
      databaseUrl,
      `INSERT INTO "AuditEvent" ("id", "accountId", "actorEmail", "action", "keyId", "keyName", "createdAt") VALUES ($1, $2, $3, 'api_key.created', $4, $5, $6)`,
      [id, accounts[who], users[who], randomUUID(), `prod-before-upgrade-${i}`, now],
    );
    events.push({ who, id });
  }
  return { accounts, users, events };
}

async function expectBackfilled(provider: Provider, databaseUrl: string, fixture: Fixture) {
  const rows = await sql(provider, databaseUrl, `SELECT "id", "seq", "accountSeq" FROM "AuditEvent" ORDER BY "seq"`);
  const seqOf = new Map(rows.map((row) => [String(row.id), Number(row.seq)]));
  expect(rows.map((row) => [row.id, Number(row.accountSeq)])).toEqual([
    [fixture.events[0]?.id, 1], // alice
    [fixture.events[1]?.id, 1], // bob
    [fixture.events[2]?.id, 2], // alice
    [fixture.events[3]?.id, 2], // bob
    [fixture.events[4]?.id, 3], // bob
    [fixture.events[5]?.id, 3], // alice
    [fixture.events[6]?.id, 4], // bob
  ]);
  const accounts = await sql(provider, databaseUrl, `SELECT "id", "auditSeq", "auditLegacySeq" FROM "Account"`);
  const account = (id: string) => {
    const row = accounts.find((a) => a.id === id);
    return { auditSeq: Number(row?.auditSeq), auditLegacySeq: Number(row?.auditLegacySeq) };
  };
  expect(account(fixture.accounts.alice)).toEqual({ auditSeq: 3, auditLegacySeq: seqOf.get(fixture.events[5]?.id ?? "") });
  expect(account(fixture.accounts.bob)).toEqual({ auditSeq: 4, auditLegacySeq: seqOf.get(fixture.events[6]?.id ?? "") });
  expect(account(fixture.accounts.quiet)).toEqual({ auditSeq: 0, auditLegacySeq: 0 });
  return seqOf;
}

async function freshDatabase(provider: Provider, postgresUrl: string | null): Promise<string> {
  if (provider === "postgresql" && postgresUrl) {
    const database: TestDatabase = await createTestDatabase(postgresUrl);
    cleanups.push(() => database.drop());
    return database.url;
  }
  const dir = tempDir("upgrade-sqlite");
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `file:${path.join(dir, "app.db")}`;
}

const postgresUrl = await reachablePostgresUrl("the PostgreSQL backfill check");

describe.each([
  ["sqlite", true],
  ["postgresql", postgresUrl !== null],
] as const)("the backfill on %s", (provider, available) => {
  it.runIf(available)("numbers existing events per account in their order and sets each account's count", async () => {
    const databaseUrl = await freshDatabase(provider, postgresUrl);
    deployUpTo(provider, databaseUrl, PREVIOUS);
    const fixture = await seedBeforeUpgrade(provider, databaseUrl);
    expect(deployAll(databaseUrl)).toContain("20261127100000_audit_account_sequence");
    await expectBackfilled(provider, databaseUrl, fixture);
  });
});

describe("pollers across the upgrade", () => {
  type Page = { data: { id: string; action: string; key: { name: string } | null }[]; meta: { next_cursor: string | null; next_since: string } };
  const legacy = (seq: number) => Buffer.from(`seq:${seq}`, "utf8").toString("base64url");

  it("an old seq:N next_since goes on exactly where it was, and old values cannot reach past the upgrade", async () => {
    // The run's provider: PostgreSQL when the tests were pointed at it, else SQLite.
    const provider: Provider = configuredPostgresUrl() ? "postgresql" : "sqlite";
    const databaseUrl = await freshDatabase(provider, configuredPostgresUrl());
    deployUpTo(provider, databaseUrl, PREVIOUS);
    const fixture = await seedBeforeUpgrade(provider, databaseUrl);
    const [a1, , a2, b2, , a3] = fixture.events;

    const dataDir = tempDir("upgrade-server");
    const server = await startServer({ dataDir, env: { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: randomUUID() + randomUUID() } });
    cleanups.push(async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    // The server applied the new migration at start, as an upgrade does.
    const seqOf = await expectBackfilled(provider, databaseUrl, fixture);
    const seq = (event: { id: string } | undefined) => seqOf.get(event?.id ?? "") ?? Number.NaN;

    const alice = await signIn(server.url, fixture.users.alice, GOOD_PASSWORD);
    const bob = await signIn(server.url, fixture.users.bob, GOOD_PASSWORD);
    expect(alice.cookie && bob.cookie).toBeTruthy();
    const page = async (cookie: string | null, query: string): Promise<Page> => {
      const response = await api(server.url, `/api/v1/audit-events?${query}&type=api_key,account`, { cookie: cookie ?? "" });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as Page;
    };
    const ids = (p: Page) => p.data.map((e) => e.id);

    // After the upgrade: a new event of Bob's, then one of Alice's.
    await createKey(server.url, bob.cookie ?? "", { name: "prod-after-upgrade-bob" });
    await createKey(server.url, alice.cookie ?? "", { name: "prod-after-upgrade-alice" });
    const aliceAll = await page(alice.cookie, "limit=100");
    expect(aliceAll.data).toHaveLength(4);
    const a4 = aliceAll.data[0];
    expect(a4?.key?.name).toBe("prod-after-upgrade-alice");

    // Alice's poller had seen a1 and a2: it gets a3 and a4, then nothing again.
    const resumed = await page(alice.cookie, `since=${legacy(seq(a2))}`);
    expect(ids(resumed)).toEqual([a3?.id, a4?.id]);
    expect(resumed.meta.next_since).not.toContain("seq");
    expect(ids(await page(alice.cookie, `since=${resumed.meta.next_since}`))).toEqual([]);
    // A value that fell between two of Alice's events (Bob's b2) means after the one before it.
    expect(ids(await page(alice.cookie, `since=${legacy(seq(b2))}`))).toEqual([a3?.id, a4?.id]);
    expect(ids(await page(alice.cookie, `since=${legacy(0)}`))).toEqual([a1?.id, a2?.id, a3?.id, a4?.id]);
    // Paging back from an old next_cursor still pages back.
    expect(ids(await page(alice.cookie, `cursor=${legacy(seq(a3))}`))).toEqual([a2?.id, a1?.id]);

    // Any N from Alice's last event before the upgrade on reads as that event: trying values of
    // N tells nothing about the global number of a4 or of Bob's new event.
    const newestGlobal = Math.max(...(await sql(provider, databaseUrl, `SELECT "seq" FROM "AuditEvent"`)).map((row) => Number(row.seq)));
    for (let n = seq(a3); n <= newestGlobal + 2; n++) {
      expect(ids(await page(alice.cookie, `since=${legacy(n)}`)), `seq:${n}`).toEqual([a4?.id]);
      expect(ids(await page(alice.cookie, `cursor=${legacy(n)}`)), `seq:${n}`).toEqual([a2?.id, a1?.id]);
    }
    // Bob's old values are his own: the same mapping over his events.
    const bobAll = ids(await page(bob.cookie, "limit=100")).reverse();
    expect(ids(await page(bob.cookie, `since=${legacy(seq(b2))}`))).toEqual(bobAll.slice(2));
  });
});
