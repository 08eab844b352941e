// Behaviour that needs a server of its own: restarts, start-up refusals, server-wide limits.
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { api, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl } from "../support/database";
import { ownServers } from "../support/own-servers";
import { tempDir } from "../support/server";

const servers = ownServers();

const ownServer = servers.start;

describe("the embedded default", () => {
  it("keeps its generated secret across restarts, so sessions survive them, and stops cleanly on SIGTERM", async () => {
    const dataDir = tempDir("restart");
    servers.defer(() => rmSync(dataDir, { recursive: true, force: true }));

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

const postgresUrl = await reachablePostgresUrl("the PostgreSQL start-up check");

describe.runIf(postgresUrl)("production on PostgreSQL", () => {
  if (!postgresUrl) return;
  it("refuses to start without NEXTAUTH_SECRET, saying what to set", async () => {
    const database = await createTestDatabase(postgresUrl);
    servers.defer(() => database.drop());
    await expect(ownServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: undefined } })).rejects.toThrow(
      /exited \(code 1\)[\s\S]*NEXTAUTH_SECRET is not set/,
    );
  });
});
