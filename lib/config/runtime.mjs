// Resolves where the data lives and which secret signs sessions. Plain JavaScript so the
// start/migrate scripts, prisma.config.ts and the app all read the same rules.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Folder for the embedded database and the generated secret (git-ignored). */
export function dataDir() {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data");
}

/**
 * @returns {{ provider: "sqlite" | "postgresql", url: string, filePath?: string }}
 */
export function resolveDatabase(databaseUrl = process.env.DATABASE_URL) {
  const raw = (databaseUrl ?? "").trim();
  if (raw === "") {
    const filePath = path.join(dataDir(), "app.db");
    return { provider: "sqlite", url: `file:${filePath}`, filePath };
  }
  if (raw.startsWith("file:")) {
    const rest = raw.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    const filePath = path.resolve(/*turbopackIgnore: true*/ rest);
    return { provider: "sqlite", url: `file:${filePath}`, filePath };
  }
  if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
    return { provider: "postgresql", url: raw };
  }
  throw new Error(
    "DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); leave it unset for the embedded SQLite database.",
  );
}

/**
 * The session secret: NEXTAUTH_SECRET when set; on the embedded SQLite default, one generated
 * once and kept in the data folder so sessions survive restarts. Production on PostgreSQL
 * (several instances must share one secret) refuses to start without it.
 */
export function resolveSecret(env = process.env) {
  const given = (env.NEXTAUTH_SECRET ?? "").trim();
  if (given !== "") {
    if (given.length < 32) throw new Error("NEXTAUTH_SECRET must be at least 32 characters.");
    return given;
  }
  const { provider } = resolveDatabase(env.DATABASE_URL);
  if (provider === "postgresql" && env.NODE_ENV === "production") {
    throw new Error(
      "NEXTAUTH_SECRET is not set. In production on PostgreSQL every instance must share one secret: " +
        'generate one with `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"` and set NEXTAUTH_SECRET.',
    );
  }
  const dir = dataDir();
  const file = path.join(dir, ".nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs.
    if (error && error.code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

/** Sets DATABASE_URL and NEXTAUTH_SECRET in process.env for child processes and the app. */
export function prepareRuntimeEnv() {
  const db = resolveDatabase();
  if (db.filePath) mkdirSync(path.dirname(db.filePath), { recursive: true });
  process.env.DATABASE_URL = db.url;
  process.env.NEXTAUTH_SECRET = resolveSecret();
  return db;
}
