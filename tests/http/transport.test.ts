// Production refuses to start where sessions would cross the network in clear text, or where a
// real deployment has not said its public address.
import { afterEach, describe, expect, it } from "vitest";
import { api } from "../support/client";
import { createTestDatabase, reachablePostgresUrl } from "../support/database";
import { startServer } from "../support/server";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function expectRefusal(env: Record<string, string | undefined>, message: RegExp) {
  const attempt = startServer({ env });
  // Should it start after all, stop it rather than leave it running.
  attempt.then((server) => cleanups.push(() => server.stop())).catch(() => undefined);
  await expect(attempt).rejects.toThrow(message);
}

describe("NEXTAUTH_URL in production", () => {
  it("refuses plain http to a host other than loopback, saying why and what to set", async () => {
    await expectRefusal(
      { NEXTAUTH_URL: "http://keys.example.test" },
      /exited \(code 1\)[\s\S]*Cannot start: NEXTAUTH_URL is http:\/\/keys\.example\.test, which is not https\. In production, passwords and session cookies must not cross the network in clear text[\s\S]*set NEXTAUTH_URL=https:\/\/keys\.example\.com/,
    );
  });

  it("accepts an unset NEXTAUTH_URL on the embedded SQLite default", async () => {
    const server = await startServer({ env: { NEXTAUTH_URL: undefined } });
    cleanups.push(() => server.stop());
    expect((await api(server.url, "/api/health")).status).toBe(200);
  });
});

const postgresUrl = await reachablePostgresUrl("the PostgreSQL NEXTAUTH_URL start-up check");

describe.runIf(postgresUrl)("NEXTAUTH_URL in production on PostgreSQL", () => {
  if (!postgresUrl) return;
  it("refuses to start without it, saying what to set", async () => {
    const database = await createTestDatabase(postgresUrl);
    cleanups.push(() => database.drop());
    await expectRefusal(
      { DATABASE_URL: database.url, NEXTAUTH_SECRET: "a-shared-secret-that-is-long-enough-0123456789", NEXTAUTH_URL: undefined },
      /exited \(code 1\)[\s\S]*Cannot start: NEXTAUTH_URL is not set\. In production on PostgreSQL the console's public https address is required[\s\S]*NEXTAUTH_URL=https:\/\/keys\.example\.com/,
    );
  });
});
