// One attempt at one notification e-mail: claim the row, send through SMTP_URL, record. A failure
// is retried by the same backoff as webhooks, within the same window.
import { db } from "@/lib/db";
import { notificationEmail } from "@/lib/mail/messages";
import { mailConfigured, sendMail } from "@/lib/mail/transport";
import { claim } from "./claim";
import { deliveryConfig, retryDelayMs } from "./config";
import type { AttemptResult } from "./webhook-attempt";

const MAX_ERROR_LENGTH = 300;

export async function attemptEmail(id: string): Promise<AttemptResult> {
  const claimed = await claim("email", id);
  if (!claimed) return { state: "skipped" };
  const message = await db().emailMessage.findUnique({ where: { id }, include: { notification: true } });
  if (!message) return { state: "skipped" };
  const mine = { id, leaseUntil: claimed.until };
  const now = () => new Date();
  if (!mailConfigured()) {
    await db().emailMessage.updateMany({ where: mine, data: { status: "failed", leaseUntil: null, lastError: "E-mail is not configured (SMTP_URL)." } });
    return { state: "failed" };
  }
  const { notification } = message;
  const mail = notificationEmail({
    type: notification.type,
    keyId: notification.keyId,
    keyName: notification.keyName,
    keyPreview: notification.keyPreview,
    data: notification.data,
  });
  try {
    // Within the hold on the row, whatever the SMTP settings say: past it another worker may take it.
    await withDeadline(sendMail({ to: message.toAddress, subject: mail.subject, text: mail.text }), deliveryConfig().leaseMs - 5_000);
    await db().emailMessage.updateMany({ where: mine, data: { status: "sent", attempts: message.attempts + 1, sentAt: now(), leaseUntil: null, lastError: null } });
    return { state: "succeeded" };
  } catch (error) {
    const config = deliveryConfig();
    const attempts = message.attempts + 1;
    const at = now();
    const giveUp = at.getTime() - message.createdAt.getTime() >= config.retryWindowMs;
    const next = new Date(at.getTime() + retryDelayMs(attempts, config));
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    await db().emailMessage.updateMany({
      where: mine,
      data: { attempts, leaseUntil: null, lastError, ...(giveUp ? { status: "failed" } : { nextAttemptAt: next }) },
    });
    return giveUp ? { state: "failed" } : { state: "retry", at: next, attempts };
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`sending took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
