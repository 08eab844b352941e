// npm run bench: the key-authenticated hot path against a bare route on the same production
// server, in one run. Prints throughput, p50 and p99 for both, their ratio, the database writes
// the authenticated run caused, then the same on PostgreSQL + Redis with one and with two
// instances, then the verification micro-benchmark. Figures only: a benchmark never fails the
// build on a number.
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "benchmark-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const NO_LIMITS = JSON.stringify({ free: { perMinute: 1e9, perDay: 1e9 } });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mean = (xs, f) => xs.reduce((s, x) => s + f(x), 0) / xs.length;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startInstance(env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn(process.execPath, ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, USAGE_FLUSH_LOG: "1", TIER_LIMITS: NO_LIMITS, NEXTAUTH_SECRET: SECRET, NODE_ENV: "production", NEXTAUTH_URL: base, SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => log.push(chunk.toString()));
  child.stderr.on("data", (chunk) => log.push(chunk.toString()));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        return { base, log, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) };
      }
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`server did not start:\n${log.join("")}`);
}

async function signInWithKey(base) {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = "benchmark passphrase";
  const headers = { "Content-Type": "application/json", Origin: base };
  const signup = await fetch(`${base}/api/v1/signup`, { method: "POST", headers, body: JSON.stringify({ email, password }) });
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
  const created = await fetch(`${base}/api/v1/keys`, { method: "POST", headers: { ...headers, Cookie: cookie }, body: JSON.stringify({ name: "bench-hot-path" }) });
  const { data } = await created.json();
  return { cookie, keyId: data.id, auth: { Authorization: `Bearer ${data.key}` } };
}

function load(url, headers, duration = DURATION, connections = CONNECTIONS) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers }, (error, result) =>
      error ? reject(error) : resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], other: result.non2xx + result.errors }),
    );
  });
}

/** The same load split over several instances at once; throughput adds up, latency is the worst. */
async function loadAll(bases, urlPath, headers, duration = DURATION) {
  const results = await Promise.all(bases.map((base) => load(`${base}${urlPath}`, headers, duration, Math.round(CONNECTIONS / bases.length))));
  return {
    rps: results.reduce((s, r) => s + r.rps, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    ok: results.reduce((s, r) => s + r.ok, 0),
    other: results.reduce((s, r) => s + r.other, 0),
  };
}

function flushes(logs) {
  return logs
    .join("")
    .split("\n")
    .map((line) => /\[usage\] flush: (\d+) requests, (\d+) key-day rows, (\d+) write statement/.exec(line))
    .filter(Boolean)
    .map((m) => ({ requests: Number(m[1]), rows: Number(m[2]), statements: Number(m[3]) }));
}

const row = (label, s) =>
  `  ${label.padEnd(34)} ${Math.round(s.rps).toString().padStart(7)} req/s   p50 ${String(s.p50).padStart(4)} ms   p99 ${String(s.p99).padStart(4)} ms   non-2xx ${s.other}`;

/** Bare vs keyed on the given instances, ROUNDS times, alternating. */
async function compare(label, instances) {
  const bases = instances.map((i) => i.base);
  const { cookie, keyId, auth } = await signInWithKey(bases[0]);
  // A second baseline: the bare route padded to the keyed answer's size (headers and body).
  const sample = await fetch(`${bases[0]}/api/v1/me`, { headers: auth });
  const sampleBytes = [...sample.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + (await sample.arrayBuffer()).byteLength;
  const bareProbe = await fetch(`${bases[0]}/api/ping`);
  const bareBytes = [...bareProbe.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + (await bareProbe.arrayBuffer()).byteLength;
  const padded = `/api/ping?pad=${Math.max(0, sampleBytes - bareBytes - 10)}`;
  await loadAll(bases, "/api/ping", {}, 3);
  const warmUp = await loadAll(bases, "/api/v1/me", auth, 3);
  await sleep(5500);
  const logs = instances.map((i) => i.log);
  const flushedBefore = logs.map((log) => flushes([log]).length);
  const bare = [];
  const same = [];
  const keyed = [];
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await loadAll(bases, "/api/ping", {}));
    same.push(await loadAll(bases, padded, {}));
    keyed.push(await loadAll(bases, "/api/v1/me", auth));
  }
  await sleep(5500);
  const newFlushes = logs.flatMap((log, i) => flushes([log]).slice(flushedBefore[i]));
  const writes = newFlushes.reduce((s, f) => s + f.statements, 0);
  const intervals = Math.ceil((Date.now() - started) / 5000) * instances.length;
  const listed = await (await fetch(`${bases[0]}/api/v1/keys`, { headers: { Cookie: cookie } })).json();
  const total = listed.data.find((k) => k.id === keyId)?.total_requests;
  const served = keyed.reduce((s, r) => s + r.ok, 0);

  console.log(`\n${label}`);
  bare.forEach((s, i) => {
    console.log(row(`GET /api/ping (bare) #${i + 1}`, s));
    console.log(row(`GET /api/ping, same size #${i + 1}`, same[i]));
    console.log(row(`GET /api/v1/me (key) #${i + 1}`, keyed[i]));
  });
  const ratio = mean(keyed, (s) => s.rps) / mean(bare, (s) => s.rps);
  const sameRatio = mean(keyed, (s) => s.rps) / mean(same, (s) => s.rps);
  console.log(`  throughput ratio key/bare: ${(ratio * 100).toFixed(1)} % (target ≥ 90 %); p99 key − bare: ${(mean(keyed, (s) => s.p99) - mean(bare, (s) => s.p99)).toFixed(1)} ms (target ≤ 2 ms)`);
  console.log(`  against the bare route padded to the same ${sampleBytes} bytes: ${(sameRatio * 100).toFixed(1)} %; p99 key − padded: ${(mean(keyed, (s) => s.p99) - mean(same, (s) => s.p99)).toFixed(1)} ms`);
  console.log(`  database writes for usage: ${writes} statement(s) over ${intervals} instance-interval(s) of 5 s for ${served} keyed requests on 1 key (target ≤ 1 per key per interval)`);
  // autocannon stops counting at the deadline: up to one request per connection per run is
  // still in flight then, served and counted by the server but not by autocannon.
  const counted = served + warmUp.ok + 1; // + the size probe
  const inFlight = CONNECTIONS * (ROUNDS + 1);
  const consistent = total >= counted && total <= counted + inFlight;
  console.log(
    `  total_requests the API reports for the key: ${total}; 2xx autocannon counted: ${counted} (+ up to ${inFlight} in flight when runs stopped): ${consistent ? "consistent" : "INCONSISTENT"}`,
  );
  return { bare: mean(bare, (s) => s.rps), keyed: mean(keyed, (s) => s.rps) };
}

async function withPostgresDatabase(work) {
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  }
}

async function withRedis(work) {
  const port = await freePort();
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await sleep(300);
  try {
    return await work(`redis://127.0.0.1:${port}`);
  } finally {
    server.kill("SIGKILL");
  }
}

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build yet: running npm run build…");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log(`${ROUNDS} round(s) of ${DURATION} s per route after a 3 s warm-up, ${CONNECTIONS} connections in all; load generator and servers share this machine.`);

const dataDir = mkdtempSync(path.join(tmpdir(), "bench-"));
const single = await startInstance({ DATA_DIR: dataDir, DATABASE_URL: "" });
let sqliteFigures;
try {
  sqliteFigures = await compare("One instance, embedded SQLite (the default):", [single]);
} finally {
  await single.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const redisPresent = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
const postgresPresent = await new pg.Client({ connectionString: POSTGRES_URL }).connect().then(
  () => true,
  () => false,
);
if (redisPresent && postgresPresent) {
  await withPostgresDatabase((databaseUrl) =>
    withRedis(async (redisUrl) => {
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, DATA_DIR: mkdtempSync(path.join(tmpdir(), "bench-pg-")) };
      const first = await startInstance(env);
      let one;
      let two;
      try {
        one = await compare("One instance, PostgreSQL + Redis:", [first]);
        const second = await startInstance(env);
        try {
          two = await compare("Two instances, PostgreSQL + Redis (load split between them):", [first, second]);
        } finally {
          await second.stop();
        }
      } finally {
        await first.stop();
      }
      console.log("\nKeyed throughput side by side:");
      console.log(`  one instance, SQLite:              ${Math.round(sqliteFigures.keyed)} req/s`);
      console.log(`  one instance, PostgreSQL + Redis:  ${Math.round(one.keyed)} req/s`);
      console.log(`  two instances, PostgreSQL + Redis: ${Math.round(two.keyed)} req/s (${((two.keyed / one.keyed) * 100).toFixed(0)} % of one; both share this machine's 2 cores)`);
    }),
  );
} else {
  console.log(`\nSkipping the PostgreSQL + Redis runs: needs ${[postgresPresent ? null : `PostgreSQL at ${POSTGRES_URL}`, redisPresent ? null : "redis-server"].filter(Boolean).join(" and ")}.`);
}

console.log("\nVerification alone (no HTTP):");
const micro = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-verify.ts"], { stdio: "inherit" });
process.exit(micro.status ?? 0);
