import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { findChromium, MISSING_BROWSER_MESSAGE } from "./tests/support/browser.mjs";

const chromium = findChromium();
if (!chromium) throw new Error(MISSING_BROWSER_MESSAGE);

// This file is read by the runner and again by every worker. Settle the port and the data
// folder once, in the runner, and hand them to the workers through the environment.
process.env.E2E_PORT ??= spawnSync(
  process.execPath,
  ["--input-type=module", "-e", "import { freePort } from './tests/support/ports.mjs'; console.log(await freePort());"],
  { cwd: import.meta.dirname, encoding: "utf8" },
).stdout.trim();
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "soc-e2e-"));

const port = Number(process.env.E2E_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error(`Could not pick a port for the e2e server (got "${process.env.E2E_PORT}").`);
// The browser opens the app as localhost (RP ID "localhost"): Chromium refuses WebAuthn on an IP
// address. The server still listens on 127.0.0.1 only, and the health check goes there directly.
const baseURL = `http://localhost:${port}`;
const listenURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  // Two cores run the server and the browser; more workers only wait on each other.
  workers: process.env.CI ? 1 : 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Flows that sign in several times (second factors, several browsers) on a shared, busy machine.
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "artifacts/playwright-results.json" }]],
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
    launchOptions: {
      executablePath: chromium.executablePath,
      // Root in a container has no sandbox; the network is closed, so no background fetches.
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  webServer: {
    command: `node scripts/start.mjs -p ${port} -H 127.0.0.1`,
    url: `${listenURL}/api/health`,
    // A fresh embedded database every run, whatever DATABASE_URL the shell carries.
    // Every spec signs users up from 127.0.0.1: the per-address sign-up limit is off for this rig.
    // The webhook specs post to a receiver they start on 127.0.0.1 over plain http.
    env: {
      DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      NEXTAUTH_SECRET: "",
      NEXTAUTH_URL: baseURL,
      SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR: "0",
      SIGNUP_LIMIT_PER_HOUR: "0",
      WEBHOOK_ALLOW_PRIVATE: "1",
    },
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
