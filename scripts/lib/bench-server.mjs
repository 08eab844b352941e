// Servers and accounts for `npm run bench` (scripts/bench.mjs): a production server of this
// worktree's build on a free port, signed-in accounts with keys, and throwaway PostgreSQL
// databases and Redis servers.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const SECRET = "benchmark-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const NO_LIMITS = JSON.stringify({ free: { perMinute: 1e9, perDay: 1e9 } });
const PROBE = fileURLToPath(new URL("./bench-probe.mjs", import.meta.url));

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` on a free port. With `probe`, the server process also loads bench-probe.mjs, which
 * answers SIGUSR2 with its event-loop delay and GC pauses since the previous signal: `mark()`
 * sends one and resolves with that line's figures.
 */
export async function startInstance(env, { probe = false } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const args = [...(probe ? ["--import", PROBE] : []), "scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, USAGE_FLUSH_LOG: "1", TIER_LIMITS: NO_LIMITS, NEXTAUTH_SECRET: SECRET, NODE_ENV: "production", NEXTAUTH_URL: base, SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => log.push(chunk.toString()));
  child.stderr.on("data", (chunk) => log.push(chunk.toString()));
  const probeLines = () =>
    log
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("[bench-probe] "))
      .map((line) => JSON.parse(line.slice("[bench-probe] ".length)));
  async function mark() {
    if (!probe) return null;
    const seen = probeLines().length;
    child.kill("SIGUSR2");
    for (let i = 0; i < 100; i++) {
      const lines = probeLines();
      if (lines.length > seen) return lines[lines.length - 1];
      await sleep(20);
    }
    return null;
  }
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        return { base, log, mark, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) };
      }
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`server did not start:\n${log.join("")}`);
}

/** A new account, signed in: its session cookie. */
export async function signUp(base) {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = "benchmark passphrase";
  const signup = await fetch(`${base}/api/v1/signup`, { method: "POST", headers: { "Content-Type": "application/json", Origin: base }, body: JSON.stringify({ email, password }) });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status}`);
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), Origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = callback.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("next-auth.session-token="));
  if (!cookie) throw new Error("sign-in failed");
  return cookie;
}

/** A new key on the signed-in account: its id and the Authorization header that carries it. */
export async function createKey(base, cookie, name) {
  const created = await fetch(`${base}/api/v1/keys`, { method: "POST", headers: { "Content-Type": "application/json", Origin: base, Cookie: cookie }, body: JSON.stringify({ name }) });
  if (created.status !== 201) throw new Error(`key creation: ${created.status} ${await created.text()}`);
  const { data } = await created.json();
  return { keyId: data.id, auth: { Authorization: `Bearer ${data.key}` } };
}

/** `count` keys over as many free accounts as the free tier's cap of 10 active keys needs. */
export async function createKeys(base, count, perAccount = 10) {
  const keys = [];
  let cookie;
  for (let i = 0; i < count; i++) {
    if (i % perAccount === 0) cookie = await signUp(base);
    keys.push(await createKey(base, cookie, `bench-tail-${i}`));
  }
  return keys;
}

export async function withPostgresDatabase(postgresUrl, work) {
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: postgresUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  }
}

export async function withRedis(work) {
  const port = await freePort();
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await sleep(300);
  try {
    return await work(`redis://127.0.0.1:${port}`);
  } finally {
    server.kill("SIGKILL");
  }
}

export async function postgresReachable(postgresUrl) {
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
