// Resolves where the data lives and which secret signs sessions. Plain JavaScript so the
// start/migrate scripts, prisma.config.ts and the app all read the same rules.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheTtlFromEnv } from "../keys/cache-ttl.mjs";

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

/** Hosts that only this machine can reach: plain http to them never crosses a network. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The production rules for NEXTAUTH_URL, the console's public address. Over http, passwords and
 * session cookies cross the network in clear text and next-auth does not mark its cookies
 * Secure, so only https is accepted, except on a loopback host (a local trial of a production
 * build). On PostgreSQL (a real deployment, possibly several instances behind a balancer) it
 * must be set: it is the origin sign-in redirects and cross-site checks are built from. On the
 * embedded SQLite default it may stay unset, for a trial on one machine.
 * @returns {URL | null} the parsed address, or null when unset (and allowed to be)
 */
export function checkPublicUrl(env = process.env) {
  const raw = (env.NEXTAUTH_URL ?? "").trim();
  const example = "NEXTAUTH_URL=https://keys.example.com";
  if (raw === "") {
    if (resolveDatabase(env.DATABASE_URL).provider === "postgresql") {
      throw new Error(
        "NEXTAUTH_URL is not set. In production on PostgreSQL the console's public https address is required " +
          `(sign-in redirects and the cross-site checks are built from it): set it, e.g. ${example}.`,
      );
    }
    return null;
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`NEXTAUTH_URL is not a valid URL (${JSON.stringify(raw)}): set the console's public https address, e.g. ${example}.`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new Error(
    `NEXTAUTH_URL is ${url.origin}, which is not https. In production, passwords and session cookies must not cross the ` +
      "network in clear text, and browsers only keep Secure cookies over https: serve the console over https (e.g. behind a " +
      `TLS-terminating proxy) and set ${example}. Plain http is accepted only for localhost, 127.0.0.1 and [::1].`,
  );
}

/**
 * Sets DATABASE_URL and NEXTAUTH_SECRET in process.env for child processes and the app; in
 * production, first refuses a NEXTAUTH_URL that would send sessions in clear text. A bad
 * KEY_CACHE_TTL_MS is refused here too, so the server does not start with it.
 */
export function prepareRuntimeEnv() {
  const db = resolveDatabase();
  if (process.env.NODE_ENV === "production") checkPublicUrl();
  cacheTtlFromEnv();
  if (db.filePath) mkdirSync(path.dirname(db.filePath), { recursive: true });
  process.env.DATABASE_URL = db.url;
  process.env.NEXTAUTH_SECRET = resolveSecret();
  return db;
}
