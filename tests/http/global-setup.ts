// Starts ONE production server for the http project: on a fresh SQLite file in a temp folder,
// or, when TEST_DATABASE_URL / DATABASE_URL names PostgreSQL, on a fresh database created next
// to it (and dropped afterwards). Needs `npm run build` first (npm test takes care of that).
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { configuredPostgresUrl, createTestDatabase, type TestDatabase } from "../support/database";
import { startServer, tempDir } from "../support/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLogPath: string;
    serverDataDir: string;
    databaseProvider: "sqlite" | "postgresql";
    /** The session secret the server signs with, so tests can check it never reaches a log. */
    sessionSecret: string;
    /** The server's database (file: or postgresql:), for tests that inspect or age rows. */
    databaseUrl: string;
    /** A P-256 key made for this run that the server trusts as GitHub's secret-scanning key (PKCS#8 PEM). */
    githubSigningKey: string;
    githubKeyIdentifier: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    throw new Error("No production build. Run `npm run build` first (npm test builds when needed).");
  }
  const postgresUrl = configuredPostgresUrl();
  let database: TestDatabase | null = null;
  if (postgresUrl) database = await createTestDatabase(postgresUrl);

  const sessionSecret = randomBytes(32).toString("base64url");
  // GitHub's secret-scanning deliveries are signed; the server is given this run's public key
  // inline (no outbound network), and tests sign with the private half (tests/support/github-signing.ts).
  const signing = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const githubKeyIdentifier = `test-${randomBytes(8).toString("hex")}`;
  const githubPublicKeys = JSON.stringify({
    public_keys: [{ key_identifier: githubKeyIdentifier, key: signing.publicKey.export({ type: "spki", format: "pem" }), is_current: true }],
  });
  const dataDir = tempDir("http");
  let server;
  try {
    server = await startServer({
      dataDir,
      env: {
        DATABASE_URL: database?.url,
        NEXTAUTH_SECRET: sessionSecret,
        GITHUB_SECRET_SCANNING_PUBLIC_KEYS: githubPublicKeys,
        // Reminders are found within a second, so tests need not wait a minute for a scan.
        NOTIFY_SCAN_SECONDS: "1",
      },
    });
  } catch (error) {
    await database?.drop();
    throw error;
  }

  project.provide("baseUrl", server.url);
  project.provide("serverLogPath", server.logPath);
  project.provide("serverDataDir", dataDir);
  project.provide("databaseProvider", database ? "postgresql" : "sqlite");
  project.provide("sessionSecret", sessionSecret);
  project.provide("githubSigningKey", signing.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  project.provide("githubKeyIdentifier", githubKeyIdentifier);
  project.provide("databaseUrl", database?.url ?? `file:${path.join(dataDir, "app.db")}`);

  return async () => {
    await server.stop("SIGTERM");
    // Keep the log of the last run for reading after a failure; the rest goes.
    mkdirSync(path.join(ROOT, "artifacts"), { recursive: true });
    copyFileSync(server.logPath, path.join(ROOT, "artifacts", "http-server.log"));
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
}
