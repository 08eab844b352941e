// Looking at the server's database from a test, on either provider: dumping every row (to
// prove a secret is nowhere in it) and moving a key's times (to test expiry without waiting).
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, withClient } from "./database";

const TABLES = [
  "Account",
  "User",
  "Session",
  "RecoveryCode",
  "Passkey",
  "WebAuthnChallenge",
  "ApiKey",
  "ApiKeyUsageDay",
  "ApiKeySourceDay",
  "ApiKeySource",
  "AuditEvent",
  "_prisma_migrations",
];

function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

/** Every row of every table, as text. */
export async function dumpDatabase(url: string): Promise<string> {
  if (isPostgresUrl(url)) {
    return withClient(url, async (client) => {
      const parts: string[] = [];
      for (const table of TABLES) {
        const { rows } = await client.query(`SELECT * FROM "${table}"`);
        parts.push(`${table}: ${JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`);
      }
      return parts.join("\n");
    });
  }
  const db = new Database(sqlitePath(url), { readonly: true, fileMustExist: true });
  try {
    return TABLES.map(
      (table) => `${table}: ${JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`,
    ).join("\n");
  } finally {
    db.close();
  }
}

/** Sets a key's expiresAt directly, as the clock would eventually make it. */
export async function setKeyExpiry(url: string, keyId: string, expiresAt: Date): Promise<void> {
  if (isPostgresUrl(url)) {
    // timestamp(3) without time zone, holding UTC as Prisma writes it.
    await withClient(url, (client) =>
      client.query(`UPDATE "ApiKey" SET "expiresAt" = $1::timestamptz AT TIME ZONE 'UTC' WHERE "id" = $2`, [expiresAt.toISOString(), keyId]),
    );
    return;
  }
  const db = new Database(sqlitePath(url));
  try {
    db.prepare(`UPDATE "ApiKey" SET "expiresAt" = ? WHERE "id" = ?`).run(expiresAt.toISOString().replace("Z", "+00:00"), keyId);
  } finally {
    db.close();
  }
}

export async function countRows(url: string, table: "ApiKey" | "AuditEvent" | "User" | "Account"): Promise<number> {
  if (isPostgresUrl(url)) {
    return withClient(url, async (client: pg.Client) => Number((await client.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n));
  }
  const db = new Database(sqlitePath(url), { readonly: true });
  try {
    return Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/** Moves back when a key was last seen from each of its networks, as 31 quiet days would. */
export async function ageKeySources(url: string, keyId: string, byMs: number): Promise<void> {
  const sql = `UPDATE "ApiKeySource" SET "lastSeenMs" = "lastSeenMs" - ${Math.trunc(byMs)}, "firstSeenMs" = "firstSeenMs" - ${Math.trunc(byMs)} WHERE "keyId" = `;
  if (isPostgresUrl(url)) {
    await withClient(url, (client) => client.query(`${sql}$1`, [keyId]));
    return;
  }
  const db = new Database(sqlitePath(url));
  try {
    db.prepare(`${sql}?`).run(keyId);
  } finally {
    db.close();
  }
}

/** Moves every open session's last proof of identity of one user back in time (sudo mode without waiting). */
export async function ageReauthentication(url: string, email: string, byMs: number): Promise<void> {
  const when = new Date(Date.now() - byMs);
  if (isPostgresUrl(url)) {
    await withClient(url, (client) =>
      client.query(
        `UPDATE "Session" SET "reauthAt" = $1::timestamptz AT TIME ZONE 'UTC' WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = $2)`,
        [when.toISOString(), email],
      ),
    );
    return;
  }
  const db = new Database(sqlitePath(url));
  try {
    db.prepare(`UPDATE "Session" SET "reauthAt" = ? WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`).run(when.toISOString().replace("Z", "+00:00"), email);
  } finally {
    db.close();
  }
}
