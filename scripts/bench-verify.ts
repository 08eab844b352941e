// Micro-benchmarks without HTTP: key verification alone (a cached valid key, keys refused by
// their checksum), then route handlers called in process: the full key wrapper
// (lib/http/api-key-route.ts withApiKey) around a trivial handler against that handler alone, which
// is what the wrapper costs per request, in time and in allocations; then GET /api/v1/me against
// the bare ping handler. Prints figures; never fails on a number. Run with --expose-gc (npm run
// bench does) for allocation counts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GCProfiler, getHeapStatistics } from "node:v8";

const dir = mkdtempSync(path.join(tmpdir(), "bench-verify-"));
process.env.DATA_DIR = dir;
delete process.env.DATABASE_URL;
// Lift the limits: the handler must do all its work on every call without being refused.
process.env.TIER_LIMITS = JSON.stringify({ free: { perMinute: 1e9, perDay: 1e9 } });

const { prepareRuntimeEnv } = await import("@/lib/config/runtime.mjs");
const { migrateDeploy } = await import("./lib/prisma.mjs");
prepareRuntimeEnv();
migrateDeploy();
const { db } = await import("@/lib/db");
const { createKey } = await import("@/lib/keys/service");
const { verifyApiKey } = await import("@/lib/keys/verify");
const { generateKey } = await import("@/lib/keys/secret");

const user = await db().user.create({ data: { email: "bench@example.com", passwordHash: "x", account: { create: {} } } });
const { fullKey } = await createKey(
  { userId: user.id, email: user.email, accountId: user.accountId, ip: null, userAgent: null },
  { name: "bench-verify" },
);
const first = await verifyApiKey(fullKey);
if (!first.ok) throw new Error("the benchmark key does not verify");

function measure(label: string, keys: string[], expectOk: boolean, seconds = 2) {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) {
      const result = verifyApiKey(keys[i % keys.length] as string);
      if (result instanceof Promise || result.ok !== expectOk) throw new Error(`${label}: unexpected result`);
    }
    count += 1000;
  }
  const rate = count / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(40)} ${Math.round(rate).toLocaleString("en-US").padStart(12)} /s  (${(1e6 / rate).toFixed(2)} µs each)`);
  return rate;
}

// Bad checksums: a real key with its last character changed, and random well-shaped strings.
const badChecksum = Array.from({ length: 64 }, () => {
  const key = generateKey();
  return key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
});
measure("warm-up", [fullKey], true, 1);
const cached = measure("verify, cached valid key", [fullKey], true);
const rejected = measure("reject, bad checksum", badChecksum, false);
console.log(`targets: 200,000/s cached (${cached >= 200_000 ? "met" : "not met"}), 1,000,000/s rejections (${rejected >= 1_000_000 ? "met" : "not met"})`);
const { GET: me } = await import("@/app/api/v1/me/route");
const { GET: ping } = await import("@/app/api/ping/route");
// What Next hands a route without dynamic segments (/api/v1/me): no params at all (seen in the
// built server), not a promise of none. The type says otherwise, hence the cast.
const context = { params: undefined as unknown as Promise<Record<string, string>> };
// The client address as the custom server stamps it (lib/http/client-address.mjs), so the key
// wrapper reads it as in production instead of warning that it is unknown.
const { CLIENT_ADDRESS_HEADER, installClientAddressToken } = await import("@/lib/http/client-address.mjs");
installClientAddressToken("bench-token");
const headers = { authorization: `Bearer ${fullKey}`, [CLIENT_ADDRESS_HEADER]: "bench-token 127.0.0.1" };
const forceGc = (globalThis as { gc?: () => void }).gc;
type Call = () => Promise<Response> | Response;

async function timeCalls(label: string, call: Call, n: number) {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await call();
    if (response.status !== 200) throw new Error(`${label}: status ${response.status}`);
    await response.arrayBuffer();
  }
  return ((performance.now() - start) * 1000) / n;
}

/**
 * JavaScript heap bytes allocated per call: the growth of the used heap over n calls plus what
 * each collection in between freed (v8.GCProfiler reports the heap before and after each one).
 * Buffers' backing stores live outside the heap and are not counted.
 */
async function allocatedPerCall(label: string, call: Call, n: number) {
  if (!forceGc) return NaN;
  forceGc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  await timeCalls(label, call, n);
  const after = getHeapStatistics().used_heap_size;
  const freed = (profiler.stop()?.statistics ?? []).reduce((sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize, 0);
  return (after - before + freed) / n;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const ROUNDS = Number(process.env.BENCH_VERIFY_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.BENCH_VERIFY_CALLS ?? 20_000);

/**
 * `base` against `candidate`: ROUNDS alternating rounds of PER_ROUND calls each after a warm-up,
 * the median of each (a round disturbed by a collection or the machine's neighbours does not move
 * it), then allocations per call for both.
 */
async function versus(baseLabel: string, base: Call, label: string, candidate: Call) {
  for (const call of [base, candidate]) await timeCalls("warm-up", call, PER_ROUND);
  const times: { base: number[]; candidate: number[] } = { base: [], candidate: [] };
  for (let round = 0; round < ROUNDS; round++) {
    times.base.push(await timeCalls(baseLabel, base, PER_ROUND));
    times.candidate.push(await timeCalls(label, candidate, PER_ROUND));
  }
  const bytes = { base: await allocatedPerCall(baseLabel, base, PER_ROUND), candidate: await allocatedPerCall(label, candidate, PER_ROUND) };
  const show = (name: string, us: number[], allocated: number) =>
    console.log(
      `${name.padEnd(48)} ${median(us).toFixed(1).padStart(7)} µs per request (rounds ${Math.min(...us).toFixed(1)}–${Math.max(...us).toFixed(1)})${Number.isFinite(allocated) ? `, ${Math.round(allocated).toLocaleString("en-US")} B allocated` : ""}`,
    );
  show(baseLabel, times.base, bytes.base);
  show(label, times.candidate, bytes.candidate);
  const differences = times.candidate.map((us, i) => us - (times.base[i] as number));
  return { micros: median(times.candidate) - median(times.base), spread: [Math.min(...differences), Math.max(...differences)], bytes: bytes.candidate - bytes.base };
}

const cost = (what: string, c: Awaited<ReturnType<typeof versus>>, extra = "") =>
  console.log(
    `${what}: ${c.micros.toFixed(1)} µs per request (per round ${c.spread[0]?.toFixed(1)} to ${c.spread[1]?.toFixed(1)})${Number.isFinite(c.bytes) ? `, ${Math.round(c.bytes).toLocaleString("en-US")} B allocated per request` : " (run with --expose-gc for allocations)"}${extra}`,
  );

console.log(`\n${ROUNDS} alternating rounds of ${PER_ROUND.toLocaleString("en-US")} calls per handler, medians; allocations over one more round each, after a forced GC.`);
// The same Request construction for every handler, so only the handlers differ.
const { withApiKey } = await import("@/lib/http/api-key-route");
const answer = () => Response.json({ status: "ok" });
// Synchronous, as /api/v1/me's handler is: the wrapper then adds no promise of its own.
const bareHandler = (_request: Request) => answer();
const wrapped = withApiKey(null, () => answer());
const wrapper = await versus(
  "trivial handler alone",
  () => bareHandler(new Request("http://bench/api/trivial", { headers })),
  "the same handler in withApiKey",
  () => wrapped(new Request("http://bench/api/trivial", { headers }), context),
);
cost("key wrapper cost (withApiKey − bare handler)", wrapper, " (target ≤ 20 µs)");
const meRoute = await versus(
  "handler in process: GET /api/ping",
  () => ping(new Request("http://bench/api/ping", { headers })),
  "handler in process: GET /api/v1/me",
  () => me(new Request("http://bench/api/v1/me", { headers }), context),
);
cost("key wrapper + /me handler over the bare ping handler", meRoute);
await db().$disconnect();
rmSync(dir, { recursive: true, force: true });
