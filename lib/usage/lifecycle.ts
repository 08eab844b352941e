// Runs the usage flusher for the life of the server: every FLUSH_INTERVAL_MS, and once more on
// SIGTERM/SIGINT before the process exits, so nothing counted is lost on a clean shutdown.
import { FLUSH_INTERVAL_MS, flushUsage } from "./flush";
import { pendingRequestCount } from "./counter";

type Lifecycle = { started: boolean; flushing: Promise<void> | null; failures: number; beforeExit: (() => Promise<unknown>)[] };
const lifecycle: Lifecycle = ((globalThis as { __usageLifecycle?: Lifecycle }).__usageLifecycle ??= {
  started: false,
  flushing: null,
  failures: 0,
  beforeExit: [],
});

/** Runs `task` on SIGTERM/SIGINT after the last flush, before the process exits (bounded by the same deadline). */
export function beforeExit(task: () => Promise<unknown>): void {
  lifecycle.beforeExit.push(task);
}

const logFlushes = process.env.USAGE_FLUSH_LOG === "1";

/** One flush at a time; a failed flush keeps its counts for the next one. */
export function flushNow(): Promise<void> {
  lifecycle.flushing ??= flushUsage()
    .then((result) => {
      if (lifecycle.failures > 0) console.info(`[usage] flushing works again after ${lifecycle.failures} failed attempt(s).`);
      lifecycle.failures = 0;
      if (logFlushes && result.statements > 0) {
        console.info(`[usage] flush: ${result.requests} requests, ${result.rows} key-day rows, ${result.statements} statement(s), ${result.newSources} new source(s)`);
      }
    })
    .catch((error: unknown) => {
      // Said once per outage, not once per interval.
      if (lifecycle.failures++ === 0) {
        console.error(`[usage] flush failed; counts are kept in memory and retried: ${error instanceof Error ? error.message : String(error)}`);
      }
    })
    .finally(() => {
      lifecycle.flushing = null;
    });
  return lifecycle.flushing;
}

async function shutdown(signal: NodeJS.Signals) {
  const deadline = Date.now() + 10_000;
  // Requests still in flight may count a little longer; drain until the tally is empty.
  do {
    await flushNow();
    if (pendingRequestCount() === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  const left = pendingRequestCount();
  if (left > 0) console.error(`[usage] ${left} counted requests could not be written before shutdown.`);
  console.info(`[usage] ${signal}: usage flushed.`);
  // Other work that must end cleanly (the delivery queue's attempts in flight), within what is left.
  await Promise.race([
    Promise.allSettled(lifecycle.beforeExit.map((task) => task())),
    new Promise((resolve) => setTimeout(resolve, Math.max(1000, deadline - Date.now()))),
  ]);
  console.info(`[usage] ${signal}: exiting.`);
  process.exit(0);
}

export function startUsageLifecycle(): void {
  if (lifecycle.started) return;
  lifecycle.started = true;
  setInterval(() => void flushNow(), FLUSH_INTERVAL_MS).unref();
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }
}
