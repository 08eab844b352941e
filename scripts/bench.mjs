// npm run bench: the key-authenticated hot path against a bare route on the same production
// server, in one run. Prints throughput, p50 and p99 for both, their ratio, the database writes
// the authenticated run caused, then the verification micro-benchmark. Figures only: a
// benchmark never fails the build on a number.
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build yet: running npm run build…");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = mkdtempSync(path.join(tmpdir(), "bench-"));
const logPath = path.join(dataDir, "server.log");
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATA_DIR: dataDir, USAGE_FLUSH_LOG: "1", TIER_LIMITS: JSON.stringify({ free: { perMinute: 1e9, perDay: 1e9 } }), NODE_ENV: "production" };
delete env.DATABASE_URL;
const log = [];
const server = spawn(process.execPath, ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
server.stdout.on("data", (chunk) => log.push(chunk.toString()));
server.stderr.on("data", (chunk) => log.push(chunk.toString()));

async function waitForHealth() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start:\n${log.join("")}`);
}

async function signIn() {
  const email = `bench-${Date.now()}@example.com`;
  const password = "benchmark passphrase";
  const headers = { "Content-Type": "application/json", Origin: base };
  const signup = await fetch(`${base}/api/v1/signup`, { method: "POST", headers, body: JSON.stringify({ email, password }) });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status}`);
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie, Origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = callback.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("sign-in failed");
  return { cookie: session, headers };
}

function run(url, headers, duration = DURATION) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summary(result) {
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], other: result.non2xx + result.errors };
}

function flushLines() {
  return log
    .join("")
    .split("\n")
    .map((line) => /\[usage\] flush: (\d+) requests, (\d+) key-day rows, (\d+) write statement/.exec(line))
    .filter(Boolean)
    .map((m) => ({ requests: Number(m[1]), rows: Number(m[2]), statements: Number(m[3]) }));
}

try {
  await waitForHealth();
  const { cookie, headers } = await signIn();
  const created = await fetch(`${base}/api/v1/keys`, { method: "POST", headers: { ...headers, Cookie: cookie }, body: JSON.stringify({ name: "bench-hot-path" }) });
  const { data } = await created.json();
  const auth = { Authorization: `Bearer ${data.key}` };

  console.log(`Warming up (3 s each), then ${ROUNDS} round(s) of ${DURATION} s per route, ${CONNECTIONS} connections, server and load on this machine…`);
  await run(`${base}/api/ping`, {}, 3);
  await run(`${base}/api/v1/me`, auth, 3);
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const flushesBefore = flushLines().length;
  const bare = [];
  const keyed = [];
  let authOk = 0;
  const authStart = Date.now();
  let authMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(summary(await run(`${base}/api/ping`, {})));
    const started = Date.now();
    const result = summary(await run(`${base}/api/v1/me`, auth));
    authMs += Date.now() - started;
    keyed.push(result);
    authOk += result.ok;
  }
  // Let the last flush land, then compare what the API reports with what was served.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const flushes = flushLines().slice(flushesBefore);
  const writes = flushes.reduce((sum, f) => sum + f.statements, 0);
  const intervals = Math.max(1, Math.ceil((Date.now() - authStart) / 5000));
  const listed = await (await fetch(`${base}/api/v1/keys`, { headers: { Cookie: cookie } })).json();
  const total = listed.data.find((k) => k.id === data.id)?.total_requests;

  const mean = (xs, f) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
  const row = (label, s) =>
    `${label.padEnd(28)} ${Math.round(s.rps).toString().padStart(8)} req/s   p50 ${String(s.p50).padStart(4)} ms   p99 ${String(s.p99).padStart(4)} ms   non-2xx ${s.other}`;
  console.log("");
  bare.forEach((s, i) => {
    console.log(row(`GET /api/ping (bare) #${i + 1}`, s));
    console.log(row(`GET /api/v1/me (key) #${i + 1}`, keyed[i]));
  });
  const bareRps = mean(bare, (s) => s.rps);
  const keyRps = mean(keyed, (s) => s.rps);
  console.log("");
  console.log(`throughput ratio (key / bare): ${((keyRps / bareRps) * 100).toFixed(1)} %   (target ≥ 90 %)`);
  console.log(`p99 difference: ${(mean(keyed, (s) => s.p99) - mean(bare, (s) => s.p99)).toFixed(1)} ms   (target ≤ 2 ms)`);
  console.log(
    `database writes during the keyed runs: ${writes} statement(s) in ${flushes.length} flush(es) over ~${intervals} interval(s) of 5 s, for ${authOk} requests (1 active key; target ≤ 1 per key per interval)`,
  );
  console.log(`total_requests reported for the key: ${total}; 2xx served with it (incl. 3 s warm-up): ${authOk} + warm-up`);
  console.log(`keyed run time: ${(authMs / 1000).toFixed(1)} s`);
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  writeFileSync(logPath, log.join(""));
  rmSync(dataDir, { recursive: true, force: true });
}

console.log("\nVerification alone (no HTTP):");
const micro = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-verify.ts"], { stdio: "inherit" });
process.exit(micro.status ?? 0);
