// Micro-benchmarks without HTTP: key verification alone (a cached valid key, keys refused by
// their checksum), then the route handlers called in process, GET /api/v1/me with its key
// wrapper against the bare ping handler, to show what the wrapper itself costs per request.
// Prints figures; never fails on a number.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

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
const context = { params: Promise.resolve({}) };
// The client address as the custom server stamps it (lib/http/client-address.mjs), so the key
// wrapper reads it as in production instead of warning that it is unknown.
const { CLIENT_ADDRESS_HEADER, installClientAddressToken } = await import("@/lib/http/client-address.mjs");
installClientAddressToken("bench-token");
const headers = { authorization: `Bearer ${fullKey}`, [CLIENT_ADDRESS_HEADER]: "bench-token 127.0.0.1" };
async function perRequest(label: string, call: () => Promise<Response> | Response) {
  for (let i = 0; i < 2000; i++) await (await call()).arrayBuffer();
  const n = 30_000;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await call();
    if (response.status !== 200) throw new Error(`${label}: status ${response.status}`);
    await response.arrayBuffer();
  }
  const micros = ((performance.now() - start) * 1000) / n;
  console.log(`${label.padEnd(40)} ${micros.toFixed(1).padStart(12)} µs per request`);
  return micros;
}
console.log("");
// The same Request construction for both, so only the handlers differ.
const bare = await perRequest("handler in process: GET /api/ping", () =>
  ping(new Request("http://bench/api/ping", { headers })),
);
const keyed = await perRequest("handler in process: GET /api/v1/me", () =>
  me(new Request("http://bench/api/v1/me", { headers }), context),
);
console.log(`key wrapper + /me handler cost over the bare handler: ${(keyed - bare).toFixed(1)} µs per request`);
await db().$disconnect();
rmSync(dir, { recursive: true, force: true });
