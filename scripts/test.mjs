// npm test: every test. Builds when the production build is missing or older than the sources,
// then the unit and HTTP tests (vitest), then the browser tests (Playwright).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { findChromium, MISSING_BROWSER_MESSAGE } from "../tests/support/browser.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const BUILD_INPUTS = ["app", "components", "lib", "prisma", "next.config.mjs", "postcss.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const NOT_BUILD_INPUTS = new Set([path.join(ROOT, "lib/db/generated")]);

function newestChange(entry) {
  if (NOT_BUILD_INPUTS.has(entry) || !existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function buildIsFresh() {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.every((entry) => newestChange(path.join(ROOT, entry)) < built);
}

function run(label, command, args, env = process.env) {
  console.log(`\n=== ${label}: ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// Fail before minutes of building if the browser tests cannot run at all.
if (!findChromium()) {
  console.error(MISSING_BROWSER_MESSAGE);
  process.exit(1);
}

if (buildIsFresh()) {
  console.log("The production build is newer than every source file; not rebuilding.");
} else if (!run("build", process.execPath, ["scripts/build.mjs"])) {
  console.error("The build failed; no tests ran.");
  process.exit(1);
}

mkdirSync(ARTIFACTS, { recursive: true });
const vitestJson = path.join(ARTIFACTS, "vitest-results.json");
const playwrightJson = path.join(ARTIFACTS, "playwright-results.json");
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);
const vitestOk = run("unit + http (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const playwrightOk = run("browser (playwright)", bin("playwright"), ["test"]);

const counts = { passed: 0, failed: 0, skipped: 0 };
const vitest = readJson(vitestJson);
if (vitest) {
  counts.passed += vitest.numPassedTests;
  counts.failed += vitest.numFailedTests;
  counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = readJson(playwrightJson);
if (playwright) {
  counts.passed += playwright.stats.expected + playwright.stats.flaky;
  counts.failed += playwright.stats.unexpected;
  counts.skipped += playwright.stats.skipped;
}
const broken = [!vitestOk && "vitest", !playwrightOk && "playwright"].filter(Boolean);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` + (broken.length ? ` (failing: ${broken.join(", ")})` : ""));
process.exit(broken.length ? 1 : 0);
