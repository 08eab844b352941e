// The delivery queue. The rows (WebhookDelivery, EmailMessage) are the durable record of what is
// owed and are written in the transaction of the event (lib/notifications/outbox.ts); the queue
// decides when and where each attempt runs:
// - with REDIS_URL (several instances), BullMQ: a job per attempt, added when a row becomes due
//   (at once after the event, or delayed until the next retry), taken by one worker of one
//   instance; a job whose worker died is found stalled and handed to another;
// - without it (the embedded SQLite default, one instance), one in-process worker.
// Either way an attempt first claims its row (lib/jobs/claim.ts), so a job run twice sends once,
// and every instance rescans the rows every NOTIFY_SCAN_SECONDS for one whose job was lost (an
// instance stopped between its commit and adding the job, Redis was away): nothing queued is lost
// to a restart, because the rows are the queue's memory.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { redisUrl } from "@/lib/redis/client";
import { dueRows, type DeliveryKind } from "./claim";
import { deliveryConfig } from "./config";
import { attemptEmail } from "./email-attempt";
import { attemptWebhookDelivery, type AttemptResult } from "./webhook-attempt";

export type { DeliveryKind };

export type DeliveryBackend = {
  name: "bullmq" | "in-process";
  /**
   * Asks for an attempt at `at` (now when omitted). `tag` tells attempts apart (the attempt number):
   * asking twice with the same tag is one attempt.
   */
  schedule(kind: DeliveryKind, id: string, tag: string | number, at?: Date): Promise<void>;
  close(): Promise<void>;
};

type QueueState = {
  backend: DeliveryBackend | null;
  starting: Promise<DeliveryBackend> | null;
  wakeTimer: NodeJS.Timeout | null;
  /** Attempts in flight on this instance, per webhook endpoint. */
  busy: Map<string, number>;
};
const state: QueueState = ((globalThis as { __deliveryQueue?: QueueState }).__deliveryQueue ??= {
  backend: null,
  starting: null,
  wakeTimer: null,
  busy: new Map(),
});

const KINDS: DeliveryKind[] = ["webhook", "email"];
const DISPATCH_BATCH = 200;

/**
 * Attempts in flight on one instance, per webhook endpoint and per account: an endpoint that never
 * answers (or an account with ten of them) holds a few workers for the send timeout, never all of
 * them, so other accounts' deliveries and every e-mail go on. An attempt over a limit is not
 * claimed; it is asked for again a second later.
 */
export const ATTEMPTS_PER_ENDPOINT = 2;
export const ATTEMPTS_PER_ACCOUNT = 4;
const BUSY_RETRY_MS = 1_000;

/** The tag of the attempt due at `at`: asking again for the same due time is the same job. */
export function attemptTag(attempts: number, at: Date): string {
  return `${attempts}-${at.getTime()}`;
}

function take(name: string, limit: number): boolean {
  const busy = state.busy.get(name) ?? 0;
  if (busy >= limit) return false;
  state.busy.set(name, busy + 1);
  return true;
}

function give(name: string): void {
  const left = (state.busy.get(name) ?? 1) - 1;
  if (left > 0) state.busy.set(name, left);
  else state.busy.delete(name);
}

/** Runs one attempt; a failure that will be retried is scheduled on the backend. */
export async function runAttempt(kind: DeliveryKind, id: string): Promise<AttemptResult | { state: "busy" }> {
  if (kind === "email") return settle(kind, id, await attemptEmail(id));
  const row = await db().webhookDelivery.findUnique({ where: { id }, select: { status: true, endpoint: { select: { id: true, accountId: true } } } });
  if (!row || row.status !== "pending") return { state: "skipped" };
  const endpoint = `endpoint ${row.endpoint.id}`;
  const account = `account ${row.endpoint.accountId}`;
  if (!take(endpoint, ATTEMPTS_PER_ENDPOINT)) return later(kind, id);
  if (!take(account, ATTEMPTS_PER_ACCOUNT)) {
    give(endpoint);
    return later(kind, id);
  }
  try {
    return await settle(kind, id, await attemptWebhookDelivery(id));
  } finally {
    give(endpoint);
    give(account);
  }
}

async function later(kind: DeliveryKind, id: string): Promise<{ state: "busy" }> {
  // One tag per second: however many paths ask again (this one, a scan), it is one job.
  const at = Date.now() + BUSY_RETRY_MS;
  await state.backend?.schedule(kind, id, `busy-${Math.floor(at / BUSY_RETRY_MS)}`, new Date(at));
  return { state: "busy" };
}

async function settle(kind: DeliveryKind, id: string, result: AttemptResult): Promise<AttemptResult> {
  if (result.state === "retry" && state.backend) await state.backend.schedule(kind, id, attemptTag(result.attempts, result.at), result.at);
  return result;
}

/**
 * The queue's name: one per database, so deployments (or test servers) that share a Redis but not
 * a database never take each other's jobs. Only the database's identity is hashed, never a password.
 */
export function queueName(databaseUrl = process.env.DATABASE_URL ?? ""): string {
  let identity = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    url.password = "";
    url.username = "";
    identity = url.toString();
  } catch {
    // A plain path (SQLite): the path is the identity.
  }
  return `deliveries-${createHash("sha256").update(identity).digest("hex").slice(0, 12)}`;
}

async function createBackend(): Promise<DeliveryBackend> {
  const url = redisUrl();
  if (url) {
    const { createBullBackend } = await import("./bullmq-backend");
    return createBullBackend(url, queueName(), deliveryConfig().concurrency, runAttempt);
  }
  const { createInProcessBackend } = await import("./in-process-backend");
  return createInProcessBackend(deliveryConfig().concurrency, runAttempt);
}

/** Starts this instance's share of the queue. */
export function startDeliveryQueue(): Promise<DeliveryBackend> {
  state.starting ??= createBackend().then((backend) => {
    state.backend = backend;
    console.info(`[notifications] delivery queue: ${backend.name}.`);
    return backend;
  });
  return state.starting;
}

/** Hands every due row to the backend (after an event, and on each scan, for jobs that were lost). */
export async function dispatchDue(): Promise<number> {
  const backend = state.backend;
  if (!backend) return 0;
  let handed = 0;
  for (const kind of KINDS) {
    for (const row of await dueRows(kind, DISPATCH_BATCH)) {
      await backend.schedule(kind, row.id, attemptTag(row.attempts, row.nextAttemptAt));
      handed += 1;
    }
  }
  return handed;
}

/**
 * Called after writing deliveries: looks for due rows shortly, once the writer's transaction has
 * committed (a row not yet visible is found by the next scan). Many calls in a burst make one look.
 */
export function wakeDeliveries(): void {
  if (state.wakeTimer) return;
  state.wakeTimer = setTimeout(() => {
    state.wakeTimer = null;
    dispatchDue().catch((error: unknown) => console.error(`[notifications] dispatch failed: ${error instanceof Error ? error.message : String(error)}`));
  }, 100);
  state.wakeTimer.unref();
}

export async function stopDeliveryQueue(): Promise<void> {
  const backend = state.backend;
  state.backend = null;
  state.starting = null;
  await backend?.close();
}
