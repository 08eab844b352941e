// Starts notifications for the life of the server: this instance's share of the delivery queue,
// and the scan every NOTIFY_SCAN_SECONDS (reminders due, then any due delivery whose job was lost,
// then, about once an hour, pruning of old history).
import { db } from "@/lib/db";
import { deliveryConfig } from "@/lib/jobs/config";
import { dispatchDue, startDeliveryQueue, stopDeliveryQueue } from "@/lib/jobs/queue";
import { beforeExit } from "@/lib/usage/lifecycle";
import { scanForNotifications } from "./scan";

const DAY_MS = 86_400_000;
/** Finished deliveries and e-mails are kept this long for the delivery list; notifications longer. */
const KEEP_DELIVERIES_MS = 30 * DAY_MS;
const KEEP_NOTIFICATIONS_MS = 90 * DAY_MS;
const PRUNE_EVERY_MS = 3_600_000;

type Lifecycle = { started: boolean; scanning: boolean; lastPrune: number; failures: number };
const lifecycle: Lifecycle = ((globalThis as { __notifyLifecycle?: Lifecycle }).__notifyLifecycle ??= {
  started: false,
  scanning: false,
  lastPrune: 0,
  failures: 0,
});

async function prune(now: number): Promise<void> {
  const finished = { status: { in: ["succeeded", "sent", "failed"] }, createdAt: { lt: new Date(now - KEEP_DELIVERIES_MS) } };
  await db().webhookDelivery.deleteMany({ where: finished });
  await db().emailMessage.deleteMany({ where: finished });
  await db().notification.deleteMany({ where: { createdAt: { lt: new Date(now - KEEP_NOTIFICATIONS_MS) } } });
}

export async function scanOnce(): Promise<void> {
  if (lifecycle.scanning) return;
  lifecycle.scanning = true;
  try {
    await scanForNotifications();
    await dispatchDue();
    const now = Date.now();
    if (now - lifecycle.lastPrune >= PRUNE_EVERY_MS) {
      lifecycle.lastPrune = now;
      await prune(now);
    }
    if (lifecycle.failures > 0) console.info(`[notifications] scanning works again after ${lifecycle.failures} failed attempt(s).`);
    lifecycle.failures = 0;
  } catch (error) {
    if (lifecycle.failures++ === 0) console.error(`[notifications] scan failed; retried every interval: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    lifecycle.scanning = false;
  }
}

export function startNotifications(): void {
  if (lifecycle.started) return;
  lifecycle.started = true;
  const { scanMs } = deliveryConfig();
  startDeliveryQueue()
    .then(() => scanOnce())
    .catch((error: unknown) => console.error(`[notifications] the delivery queue did not start: ${error instanceof Error ? error.message : String(error)}`));
  setInterval(() => void scanOnce(), scanMs).unref();
  // A clean stop lets attempts in flight finish and record; a crash leaves them to another instance.
  beforeExit(stopDeliveryQueue);
}
