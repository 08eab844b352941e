// Starts the Next.js CLI as a child and hands it signals, so SIGTERM reaches the server
// (which flushes what it holds) and our exit code is the server's.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextCli = require.resolve("next/dist/bin/next");

export function runNext(args) {
  // The app handles SIGTERM/SIGINT itself (instrumentation.ts): it flushes usage counters
  // before exiting, which Next's own handler would not wait for.
  const env = { ...process.env, NEXT_MANUAL_SIG_HANDLE: "true" };
  const child = spawn(process.execPath, [nextCli, ...args], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    process.exit(code ?? (signal ? 0 : 1));
  });
}
