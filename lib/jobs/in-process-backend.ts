// The queue without Redis (the embedded SQLite default: one instance): attempts run in this
// process, at most `concurrency` at a time, each when it is due. A retry further off than an hour is
// left to the scan, which finds every due row anyway; nothing is kept only in memory.
import type { DeliveryKind } from "./claim";
import type { DeliveryBackend } from "./queue";

const LONGEST_TIMER_MS = 3_600_000;

export function createInProcessBackend(concurrency: number, run: (kind: DeliveryKind, id: string) => Promise<unknown>): DeliveryBackend {
  const waiting: { kind: DeliveryKind; id: string }[] = [];
  const queued = new Set<string>();
  /** One timer per row: the earliest asked for. */
  const timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  let running = 0;
  let closed = false;
  let drained: (() => void) | null = null;

  const pump = () => {
    while (!closed && running < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      running += 1;
      run(job.kind, job.id)
        .catch((error: unknown) => console.error(`[notifications] attempt failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          queued.delete(`${job.kind} ${job.id}`);
          running -= 1;
          if (running === 0) drained?.();
          pump();
        });
    }
  };

  const enqueue = (kind: DeliveryKind, id: string) => {
    const name = `${kind} ${id}`;
    if (closed || queued.has(name)) return;
    queued.add(name);
    waiting.push({ kind, id });
    pump();
  };

  return {
    name: "in-process",
    async schedule(kind, id, _tag, at) {
      const delay = at ? at.getTime() - Date.now() + 50 : 0;
      if (delay <= 0) return enqueue(kind, id);
      if (delay > LONGEST_TIMER_MS) return;
      const name = `${kind} ${id}`;
      const when = Date.now() + delay;
      const existing = timers.get(name);
      if (existing && existing.at <= when) return;
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        timers.delete(name);
        enqueue(kind, id);
      }, delay);
      timer.unref();
      timers.set(name, { timer, at: when });
    },
    async close() {
      closed = true;
      for (const { timer } of timers.values()) clearTimeout(timer);
      // Attempts in flight finish and record what happened (the caller bounds the wait).
      if (running > 0) await new Promise<void>((resolve) => (drained = resolve));
    },
  };
}
