import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkPublicUrl, prepareRuntimeEnv, resolveDatabase, resolveSecret } from "@/lib/config/runtime.mjs";

/** An environment for resolveSecret; NODE_ENV is typed as a union, so plain objects need the cast. */
const envWith = (values: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...values }) as NodeJS.ProcessEnv;
const POSTGRES = "postgresql://u@db/app";

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

describe("checkPublicUrl (production rules for NEXTAUTH_URL)", () => {
  it.each([
    ["https://keys.example.com", undefined],
    ["https://keys.example.com/console", POSTGRES],
    ["https://10.0.0.5:8443", POSTGRES],
    ["http://localhost:3000", undefined],
    ["http://127.0.0.1:3000", POSTGRES],
    ["http://[::1]:3000", undefined],
    ["  https://keys.example.com  ", undefined],
  ])("accepts %s", (url, databaseUrl) => {
    expect(checkPublicUrl(envWith({ NEXTAUTH_URL: url, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }))?.href).toBe(new URL(url.trim()).href);
  });

  it.each(["http://keys.example.test", "http://10.0.0.5:3000", "http://0.0.0.0:3000", "http://localhost.evil.example", "ftp://keys.example.com", "ws://localhost:3000"])(
    "refuses %s, saying why and what to set",
    (url) => {
      const refusal = () => checkPublicUrl(envWith({ NEXTAUTH_URL: url }));
      expect(refusal).toThrow(/^NEXTAUTH_URL is .*, which is not https\. In production, passwords and session cookies must not cross the network in clear text/);
      expect(refusal).toThrow(/set NEXTAUTH_URL=https:\/\/keys\.example\.com\. Plain http is accepted only for localhost, 127\.0\.0\.1 and \[::1\]\.$/);
    },
  );

  it("refuses a value that is not a URL", () => {
    expect(() => checkPublicUrl(envWith({ NEXTAUTH_URL: "keys.example.com" }))).toThrow(/^NEXTAUTH_URL is not a valid URL \("keys\.example\.com"\): set the console's public https address/);
  });

  it("refuses to be unset on PostgreSQL, and says what to set", () => {
    expect(() => checkPublicUrl(envWith({ DATABASE_URL: POSTGRES }))).toThrow(
      /^NEXTAUTH_URL is not set\. In production on PostgreSQL the console's public https address is required .*NEXTAUTH_URL=https:\/\/keys\.example\.com\.$/,
    );
    expect(() => checkPublicUrl(envWith({ DATABASE_URL: POSTGRES, NEXTAUTH_URL: "  " }))).toThrow(/^NEXTAUTH_URL is not set\./);
  });

  it("allows it unset on the embedded SQLite default", () => {
    expect(checkPublicUrl(envWith({}))).toBeNull();
    expect(checkPublicUrl(envWith({ DATABASE_URL: "file:./x.db" }))).toBeNull();
  });
});

describe("prepareRuntimeEnv", () => {
  beforeEach(() => {
    // It writes both into process.env; stubbing them first lets unstubAllEnvs put them back.
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NEXTAUTH_SECRET", "");
  });

  it("in production refuses a NEXTAUTH_URL that is not https", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_URL", "http://keys.example.test");
    expect(() => prepareRuntimeEnv()).toThrow(/NEXTAUTH_URL is http:\/\/keys\.example\.test, which is not https/);
  });

  it("in production on PostgreSQL refuses an unset NEXTAUTH_URL before anything else is prepared", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("DATABASE_URL", POSTGRES);
    vi.stubEnv("NEXTAUTH_SECRET", "s".repeat(32));
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(() => prepareRuntimeEnv()).toThrow(/^NEXTAUTH_URL is not set\./);
  });

  it("outside production leaves NEXTAUTH_URL alone", () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("NEXTAUTH_URL", "http://keys.example.test");
    expect(prepareRuntimeEnv().provider).toBe("sqlite");
    expect(process.env.NEXTAUTH_SECRET?.length).toBeGreaterThanOrEqual(32);
  });
});
