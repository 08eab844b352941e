// How the delivery queue paces itself. All read once, at start; fractions are allowed so tests can
// run a day's schedule in seconds.

function positive(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)}).`);
  return value;
}

export type DeliveryConfig = {
  /** How often each instance scans for due reminders and for deliveries whose wake-up was lost. */
  scanMs: number;
  /** The first retry waits this long; each further one twice as long, up to maxDelayMs. */
  retryBaseMs: number;
  maxDelayMs: number;
  /** A delivery still failing this long after it was created is given up (status failed). */
  retryWindowMs: number;
  /** An endpoint failing for this long without a success is disabled. */
  disableAfterMs: number;
  /** One attempt's hold on its row: longer than the send timeout, so a live attempt keeps it. */
  leaseMs: number;
  /** Attempts in flight per instance. */
  concurrency: number;
};

let cached: DeliveryConfig | null = null;

export function deliveryConfig(): DeliveryConfig {
  if (cached) return cached;
  const timeoutMs = positive("WEBHOOK_TIMEOUT_MS", 10_000);
  cached = {
    scanMs: positive("NOTIFY_SCAN_SECONDS", 60) * 1000,
    retryBaseMs: positive("WEBHOOK_RETRY_BASE_SECONDS", 15) * 1000,
    maxDelayMs: 4 * 3_600_000,
    retryWindowMs: positive("WEBHOOK_RETRY_HOURS", 24) * 3_600_000,
    disableAfterMs: positive("WEBHOOK_DISABLE_AFTER_HOURS", 24) * 3_600_000,
    leaseMs: timeoutMs + 20_000,
    concurrency: Math.floor(positive("DELIVERY_CONCURRENCY", 8)),
  };
  return cached;
}

/**
 * Exponential backoff with jitter: after the n-th failed attempt (n >= 1) wait base * 2^(n-1),
 * capped, times a random factor in [0.8, 1.2) so that endpoints that failed together do not all
 * come back together.
 */
export function retryDelayMs(failedAttempts: number, config: DeliveryConfig = deliveryConfig(), random: () => number = Math.random): number {
  const exponential = config.retryBaseMs * 2 ** Math.max(0, failedAttempts - 1);
  return Math.round(Math.min(exponential, config.maxDelayMs) * (0.8 + 0.4 * random()));
}
