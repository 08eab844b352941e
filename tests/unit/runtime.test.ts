import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveDatabase, resolveSecret } from "@/lib/config/runtime.mjs";

/** An environment for resolveSecret; NODE_ENV is typed as a union, so plain objects need the cast. */
const envWith = (values: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...values }) as NodeJS.ProcessEnv;

let dataDir = "";
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "soc-runtime-"));
  vi.stubEnv("DATA_DIR", dataDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("resolveDatabase", () => {
  it.each([undefined, "", "   "])("with DATABASE_URL %j uses SQLite at DATA_DIR/app.db", (url) => {
    expect(resolveDatabase(url)).toEqual({ provider: "sqlite", url: `file:${path.join(dataDir, "app.db")}`, filePath: path.join(dataDir, "app.db") });
  });

  it("resolves a relative file: URL to an absolute path", () => {
    const expected = path.resolve("tmp/x.db");
    expect(resolveDatabase("file:./tmp/x.db")).toEqual({ provider: "sqlite", url: `file:${expected}`, filePath: expected });
    expect(resolveDatabase("file:///var/data/app.db").filePath).toBe("/var/data/app.db");
  });

  it.each(["postgres://u@db/app", "postgresql://u:p@db:5432/app?sslmode=require"])("recognises %s as PostgreSQL", (url) => {
    expect(resolveDatabase(url)).toEqual({ provider: "postgresql", url });
  });

  it.each(["mysql://u@db/app", "sqlite:app.db", "app.db"])("refuses %s with a message naming the accepted forms", (url) => {
    expect(() => resolveDatabase(url)).toThrow(/DATABASE_URL must start with file: .*postgres/);
  });
});

describe("resolveSecret", () => {
  const longEnough = "s".repeat(32);

  it("uses NEXTAUTH_SECRET when set", () => {
    expect(resolveSecret(envWith({ NEXTAUTH_SECRET: ` ${longEnough} ` }))).toBe(longEnough);
  });

  it("refuses a NEXTAUTH_SECRET under 32 characters", () => {
    expect(() => resolveSecret(envWith({ NEXTAUTH_SECRET: "short" }))).toThrow("NEXTAUTH_SECRET must be at least 32 characters.");
  });

  it("refuses production on PostgreSQL without a secret, and says how to make one", () => {
    expect(() => resolveSecret(envWith({ NODE_ENV: "production", DATABASE_URL: "postgresql://u@db/app" }))).toThrow(
      /NEXTAUTH_SECRET is not set\. In production on PostgreSQL every instance must share one secret: generate one with .*randomBytes/,
    );
  });

  it.each([
    ["SQLite in production", { NODE_ENV: "production" }],
    ["SQLite in development", { NODE_ENV: "development" }],
    ["PostgreSQL in development", { NODE_ENV: "development", DATABASE_URL: "postgresql://u@db/app" }],
  ])("on %s generates a secret once, keeps it in DATA_DIR and reuses it", (_label, env) => {
    const first = resolveSecret(envWith(env));
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, ".nextauth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSecret(envWith(env))).toBe(first);
  });

  it("generates a different secret for a different data folder", () => {
    const first = resolveSecret(envWith({}));
    const other = mkdtempSync(path.join(tmpdir(), "soc-runtime-"));
    try {
      vi.stubEnv("DATA_DIR", other);
      expect(resolveSecret(envWith({}))).not.toBe(first);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
