// The queue on Redis (BullMQ), for several instances: each attempt is a job, taken by exactly one
// worker; a worker that dies mid-job leaves it "stalled", and BullMQ hands it to another worker
// once the lock has lapsed. The job id names the row and its attempt number, so the same attempt
// asked for twice (after an event and again by a scan) is one job.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { connectionName } from "@/lib/redis/client";
import type { DeliveryKind } from "./claim";
import type { DeliveryBackend } from "./queue";

/** Jobs fire this much after the row's nextAttemptAt, so the claim never sees it a moment early. */
const DELAY_MARGIN_MS = 50;

export async function createBullBackend(
  url: string,
  name: string,
  concurrency: number,
  run: (kind: DeliveryKind, id: string) => Promise<unknown>,
): Promise<DeliveryBackend> {
  // Workers block on Redis and need maxRetriesPerRequest: null (BullMQ's requirement); adding a job
  // fails fast while Redis is away: the row stays due and a later scan adds it.
  const queueConnection = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, connectionName: connectionName("jobs") });
  const workerConnection = new Redis(url, { maxRetriesPerRequest: null, connectionName: connectionName("job-worker") });
  queueConnection.on("error", () => {});
  workerConnection.on("error", () => {});
  const queue = new Queue(name, { connection: queueConnection, prefix: "soc-jobs" });
  const worker = new Worker(
    name,
    async (job) => {
      const kind = job.name === "email" ? "email" : "webhook";
      await run(kind, String(job.data.id));
    },
    { connection: workerConnection, prefix: "soc-jobs", concurrency, lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 2 },
  );
  let reported = false;
  worker.on("error", (error) => {
    if (reported) return;
    reported = true;
    console.error(`[notifications] queue worker: ${error.message}; rows stay due and are picked up again.`);
  });
  worker.on("failed", (job, error) => console.error(`[notifications] attempt ${job?.id ?? "?"} failed unexpectedly: ${error.message}`));

  return {
    name: "bullmq",
    async schedule(kind, id, tag, at) {
      const delay = at ? Math.max(0, at.getTime() - Date.now() + DELAY_MARGIN_MS) : 0;
      try {
        await queue.add(kind, { id }, { jobId: `${kind}-${id}-${tag}`, delay, removeOnComplete: true, removeOnFail: true });
      } catch {
        // Redis away: the row is still due, and the next scan hands it over again.
      }
    },
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
