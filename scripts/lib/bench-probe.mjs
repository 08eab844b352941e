// Loaded into the server by `npm run bench` only (node --import, never in production): on each
// SIGUSR2 it prints one line with the event-loop delay and the GC pauses since the previous
// signal, so the bench can put the server's own view next to each run's latencies.
import { isMainThread } from "node:worker_threads";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

if (isMainThread) {
  // 10 ms sampling (Node's default): finer sampling would itself cost the loop a timer per ms.
  // The histogram holds whole timer intervals, so the delay is a value less those 10 ms.
  const RESOLUTION_MS = 10;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  let gc = { count: 0, major: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  let since = Date.now();
  process.on("SIGUSR2", () => {
    const ms = (ns) => Math.max(0, Math.round((ns - RESOLUTION_MS * 1e6) / 1e4) / 100);
    const now = Date.now();
    const line = {
      seconds: (now - since) / 1000,
      loopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      gc: { count: gc.count, major: gc.major, totalMs: Math.round(gc.totalMs * 10) / 10, maxMs: Math.round(gc.maxMs * 10) / 10 },
    };
    process.stdout.write(`[bench-probe] ${JSON.stringify(line)}\n`);
    loop.reset();
    gc = { count: 0, major: 0, totalMs: 0, maxMs: 0 };
    since = now;
  });
}
