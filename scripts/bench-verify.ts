// Micro-benchmark of key verification alone (no HTTP): a cached valid key, and keys refused
// by their checksum. Prints figures; never fails on a number.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(tmpdir(), "bench-verify-"));
process.env.DATA_DIR = dir;
delete process.env.DATABASE_URL;

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
await db().$disconnect();
rmSync(dir, { recursive: true, force: true });
