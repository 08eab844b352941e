// npm run bench: the key-authenticated hot path against a bare route on production servers of
// this build. Parts (BENCH_PARTS, comma-separated, default all):
//   throughput  one instance on SQLite, closed loop: throughput, p50 and p99 of the bare route,
//               the bare route padded to the keyed answer's size, and the keyed route; the usage
//               writes the keyed runs caused.
//   tail        the same instance below saturation: latency percentiles at half the bare route's
//               capacity, bare and keyed alternating over 100 keys, with the server's event-loop
//               delay and GC pauses per run (scripts/lib/bench-tail.mjs).
//   pg          throughput on PostgreSQL + Redis, one and two instances.
//   verify      key verification and the key wrapper in process (scripts/bench-verify.ts).
// Figures only: a benchmark never fails the build on a number.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postgresReachable, startInstance, withPostgresDatabase, withRedis } from "./lib/bench-server.mjs";
import { tail } from "./lib/bench-tail.mjs";
import { bareCapacity, compare } from "./lib/bench-throughput.mjs";

const PARTS = ["throughput", "tail", "pg", "verify"];
const parts = new Set((process.env.BENCH_PARTS ?? PARTS.join(",")).split(",").map((p) => p.trim()).filter(Boolean));
const unknown = [...parts].filter((p) => !PARTS.includes(p));
if (unknown.length > 0) {
  console.error(`Unknown BENCH_PARTS: ${unknown.join(", ")}. Known: ${PARTS.join(", ")}.`);
  process.exit(2);
}
const throughputOptions = {
  duration: Number(process.env.BENCH_SECONDS ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  rounds: Number(process.env.BENCH_ROUNDS ?? 24),
};
const tailOptions = {
  seconds: Number(process.env.BENCH_TAIL_SECONDS ?? 20),
  rounds: Math.max(2, Number(process.env.BENCH_TAIL_ROUNDS ?? 2)),
  connections: throughputOptions.connections,
  keyCount: Number(process.env.BENCH_TAIL_KEYS ?? 100),
  stagger: process.env.BENCH_TAIL_STAGGER !== "0",
};
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

if (parts.has("throughput") || parts.has("tail") || parts.has("pg")) {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build yet: running npm run build…");
    const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  console.log(`Parts: ${PARTS.filter((p) => parts.has(p)).join(", ")}. Load generator and servers share this machine.`);
}
if (parts.has("throughput") || parts.has("pg")) {
  const { rounds, duration, connections } = throughputOptions;
  console.log(`Throughput: ${rounds} round(s) of ${duration} s per route after a 3 s warm-up, ${connections} connections in all.`);
}

let sqliteFigures;
if (parts.has("throughput") || parts.has("tail")) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-"));
  // One server for both parts: the tail runs at half the capacity this very server showed.
  const single = await startInstance({ DATA_DIR: dataDir, DATABASE_URL: "" }, { probe: parts.has("tail") });
  try {
    if (parts.has("throughput")) sqliteFigures = await compare("One instance, embedded SQLite (the default):", [single], throughputOptions);
    if (parts.has("tail")) {
      const capacity = sqliteFigures?.bare ?? (await bareCapacity([single], throughputOptions));
      await tail(single, capacity, tailOptions);
    }
  } finally {
    await single.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (parts.has("pg")) {
  const redisPresent = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  const postgresPresent = await postgresReachable(POSTGRES_URL);
  if (redisPresent && postgresPresent) {
    await withPostgresDatabase(POSTGRES_URL, (databaseUrl) =>
      withRedis(async (redisUrl) => {
        const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, DATA_DIR: mkdtempSync(path.join(tmpdir(), "bench-pg-")) };
        const first = await startInstance(env);
        let one;
        let two;
        try {
          one = await compare("One instance, PostgreSQL + Redis:", [first], throughputOptions);
          const second = await startInstance(env);
          try {
            two = await compare("Two instances, PostgreSQL + Redis (load split between them):", [first, second], throughputOptions);
          } finally {
            await second.stop();
          }
        } finally {
          await first.stop();
        }
        console.log("\nKeyed throughput side by side:");
        if (sqliteFigures) console.log(`  one instance, SQLite:              ${Math.round(sqliteFigures.keyed)} req/s`);
        console.log(`  one instance, PostgreSQL + Redis:  ${Math.round(one.keyed)} req/s`);
        console.log(`  two instances, PostgreSQL + Redis: ${Math.round(two.keyed)} req/s (${((two.keyed / one.keyed) * 100).toFixed(0)} % of one; both share this machine's 2 cores)`);
      }),
    );
  } else {
    console.log(`\nSkipping the PostgreSQL + Redis runs: needs ${[postgresPresent ? null : `PostgreSQL at ${POSTGRES_URL}`, redisPresent ? null : "redis-server"].filter(Boolean).join(" and ")}.`);
  }
}

if (parts.has("verify")) {
  console.log("\nVerification and the key wrapper alone (in process, no HTTP):");
  // --expose-gc: bench-verify forces a collection around each measurement to count allocations.
  const micro = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "scripts/bench-verify.ts"], { stdio: "inherit" });
  process.exit(micro.status ?? 0);
}
