// PostgreSQL only: a key mutation that PostgreSQL picks as the victim of a deadlock is run again
// (lib/db/retry.ts), not answered with 500. The cycle is the one the usage flusher can close with
// a revoke: it holds FOR KEY SHARE on the key row (its usage rows reference the key), then wants
// the account row, while the revoke holds the account row and wants the key row. Here the test's
// own transaction plays the flusher's part, step by step, so the deadlock happens every run.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl, type TestDatabase } from "../support/database";
import { createKey, listKeys } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

const postgresUrl = await reachablePostgresUrl("the deadlock retry test");

describe.skipIf(!postgresUrl)("a revoke caught in a deadlock (PostgreSQL)", () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    if (!postgresUrl) throw new Error("unreachable: skipped without PostgreSQL");
    database = await createTestDatabase(postgresUrl);
    server = await startServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: "deadlock-test-secret-0123456789-abcdefghijklmnop" } });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("is chosen as the victim, runs again once the other side commits, and revokes once (200, one audit event)", async () => {
    const { cookie } = await signUpAndSignIn(server.url);
    const { data: key } = await createKey(server.url, cookie, { name: "caught-in-a-deadlock" });
    const flusher = new pg.Client({ connectionString: database.url });
    await flusher.connect();
    try {
      const { rows } = await flusher.query<{ accountId: string }>('SELECT "accountId" FROM "ApiKey" WHERE id = $1', [key.id]);
      const accountId = rows[0]!.accountId;
      await flusher.query("BEGIN");
      await flusher.query('SELECT 1 FROM "ApiKey" WHERE id = $1 FOR KEY SHARE', [key.id]);

      // The revoke locks the account row, then waits for the key row.
      const revoking = api(server.url, `/api/v1/keys/${key.id}`, { method: "DELETE", cookie });
      const deadline = Date.now() + 5_000;
      let waiting = 0;
      while (waiting === 0 && Date.now() < deadline) {
        const { rows: waits } = await flusher.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        waiting = Number(waits[0]!.n);
        if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(waiting, "the revoke never waited for the key row").toBe(1);

      // Now the other side wants the account row: a cycle. The revoke has waited longer, so its
      // deadlock check (deadlock_timeout, 1 s) finds the cycle first and PostgreSQL ends it. This
      // statement returning at all, before this transaction commits, shows the revoke's
      // transaction was rolled back: nothing else could release the account row.
      await flusher.query('UPDATE "Account" SET "updatedAt" = now() WHERE id = $1', [accountId]);
      await flusher.query("COMMIT");

      const revoked = await revoking;
      expect(revoked.status, await revoked.clone().text()).toBe(200);
    } finally {
      await flusher.end();
    }

    expect((await listKeys(server.url, cookie)).find((listed) => listed.id === key.id)?.status).toBe("revoked");
    const audit = await api(server.url, "/api/v1/audit-events?type=api_key&limit=100", { cookie });
    const events = ((await audit.json()) as { data: { action: string }[] }).data;
    expect(events.filter((event) => event.action === "api_key.revoked")).toHaveLength(1);
  });
});
