// Runs the Prisma CLI (JavaScript schema engine, no native binary) for the database in DATABASE_URL.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { resolveDatabase } from "../../lib/config/runtime.mjs";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");

export function runPrisma(args, env = process.env) {
  const result = spawnSync(process.execPath, [prismaCli, ...args], { stdio: ["ignore", "pipe", "pipe"], env, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma ${args.join(" ")} failed (exit ${result.status}).`);
  }
  return result.stdout;
}

/** Both clients are generated, so one build serves either provider. */
export function generateClients() {
  for (const url of ["file:./data/generate-placeholder.db", "postgresql://placeholder@localhost/placeholder"]) {
    runPrisma(["generate"], { ...process.env, DATABASE_URL: url });
  }
}

/** Applies pending migrations of the provider that DATABASE_URL names. */
export function migrateDeploy() {
  const db = resolveDatabase();
  const output = runPrisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: db.url });
  const applied = /(\d+) migrations? found/.exec(output);
  return { provider: db.provider, output, found: applied ? Number(applied[1]) : null };
}
