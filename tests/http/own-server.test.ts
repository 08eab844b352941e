// Behaviour that needs a server of its own: restarts, start-up refusals, server-wide limits.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { api, signIn, signUp, signUpAndSignIn, uniqueEmail } from "../support/client";
import { createTestDatabase, reachablePostgresUrl } from "../support/database";
import { startServer, tempDir, type RunningServer } from "../support/server";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ownServer(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer(options);
  cleanups.push(() => server.stop());
  return server;
}

describe("the embedded default", () => {
  it("keeps its generated secret across restarts, so sessions survive them, and stops cleanly on SIGTERM", async () => {
    const dataDir = tempDir("restart");
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const first = await ownServer({ dataDir });
    const { user, cookie } = await signUpAndSignIn(first.url);
    // It exits by itself (0, or 143 = terminated by SIGTERM) rather than waiting for a SIGKILL.
    expect([0, 143]).toContain(await first.stop("SIGTERM"));

    const second = await ownServer({ dataDir });
    const session = await api(second.url, "/api/auth/session", { cookie });
    expect(await session.json()).toMatchObject({ user: { email: user.email } });
    // The data survived too: the email is still taken.
    expect((await api(second.url, "/api/v1/signup", { json: { email: user.email, password: user.password } })).status).toBe(409);
  });
});

describe("sign-in throttling per address (a server of its own: the budget is server-wide)", () => {
  it("blocks an address that a proxy names once it has spent 30 failures, and only that address", async () => {
    const server = await ownServer();
    const guesser = { "x-forwarded-for": "203.0.113.7, 10.0.0.1" };
    for (let attempt = 0; attempt < 30; attempt++) {
      expect((await signIn(server.url, uniqueEmail("guess"), "not the password", guesser)).ok).toBe(false);
    }
    const user = await signUp(server.url);
    expect((await signIn(server.url, user.email, user.password, guesser)).ok).toBe(false);
    expect((await signIn(server.url, user.email, user.password, { "x-forwarded-for": "198.51.100.9" })).ok).toBe(true);
  });
});

const postgresUrl = await reachablePostgresUrl("the PostgreSQL start-up check");

describe.runIf(postgresUrl)("production on PostgreSQL", () => {
  if (!postgresUrl) return;
  it("refuses to start without NEXTAUTH_SECRET, saying what to set", async () => {
    const database = await createTestDatabase(postgresUrl);
    cleanups.push(() => database.drop());
    await expect(ownServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: undefined } })).rejects.toThrow(
      /exited \(code 1\)[\s\S]*NEXTAUTH_SECRET is not set/,
    );
  });
});
