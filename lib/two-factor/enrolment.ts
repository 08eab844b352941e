// Turning the authenticator app on and off, and new recovery codes. Every query names the
// signed-in user; every change is one transaction with its audit event. The secret leaves the
// server once, in the answer that starts an enrolment; after that it exists only sealed
// (./secret-box.ts) in the user's row.
import { recordAuditEvent, userActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { beginSecondFactorAttempt, SECOND_FACTOR_BUDGET } from "@/lib/ratelimit/second-factor-throttle";
import { dropRecoveryCodes, issueRecoveryCodes, issueRecoveryCodesIfNone, remainingRecoveryCodes } from "./recovery-codes";
import type { TwoFactorStatus } from "./schemas";
import { totpSecretBox } from "./secret-box";
import { hasSecondFactor, secondFactorsOf } from "./status";
import { matchTotpStep, newTotpSecret, otpauthUrl, qrCodeSvg } from "./totp";
import { verifySecondFactorCode } from "./verify-code";

/** How long a shown QR code can still be confirmed. */
export const TOTP_ENROLMENT_MINUTES = 15;

/** The signed-in user; their security events go to their personal account. */
export type Who = { userId: string; email: string; personalAccountId: string };
export type Client = { address: string | null; userAgent: string | null };

const actorOf = (who: Who, client: Client) => userActor({ id: who.userId, email: who.email, accountId: who.personalAccountId }, client.address, client.userAgent);

export function throttled(): ApiError {
  const seconds = SECOND_FACTOR_BUDGET.windowSeconds;
  return new ApiError("rate_limited", `Too many wrong codes. Try again in ${seconds / 60} minutes.`, { headers: { "Retry-After": String(seconds) } });
}

export function wrongCode(message: string): ApiError {
  return new ApiError("invalid_request", message, { details: { fields: ["code"], issues: [{ path: "code", message }] } });
}

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return {
    totp: { enabled: Boolean(user?.totpEnabledAt), enabled_at: user?.totpEnabledAt?.toISOString() ?? null },
    recovery_codes_remaining: await remainingRecoveryCodes(userId),
  };
}

export type TotpEnrolment = { secret: string; otpauthUrl: string; qrCodeSvg: string; expiresAt: Date };

/** A new secret, held sealed as pending until a code from it is confirmed; replaces any earlier one. */
export async function startTotpEnrolment(who: Who): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const now = new Date();
  const { count } = await db().user.updateMany({
    where: { id: who.userId, totpEnabledAt: null },
    data: { totpPendingSecret: totpSecretBox().seal(secret, who.userId), totpPendingAt: now },
  });
  if (count !== 1) throw new ApiError("conflict", "The authenticator app is already on. Turn it off first to set up another one.");
  const url = otpauthUrl(secret, who.email);
  return { secret, otpauthUrl: url, qrCodeSvg: await qrCodeSvg(url), expiresAt: new Date(now.getTime() + TOTP_ENROLMENT_MINUTES * 60_000) };
}

/**
 * A code from the pending secret turns the app on: the secret moves to totpSecret, its step is
 * claimed (so this code cannot be used again) and recovery codes are issued if the user has none.
 */
export async function confirmTotpEnrolment(who: Who, code: string, client: Client): Promise<{ enabledAt: Date; recoveryCodes: string[] | null }> {
  const row = await db().user.findUnique({
    where: { id: who.userId },
    select: { totpEnabledAt: true, totpPendingSecret: true, totpPendingAt: true },
  });
  if (row?.totpEnabledAt) throw new ApiError("conflict", "The authenticator app is already on.");
  const pending = row?.totpPendingSecret && row.totpPendingAt ? { sealed: row.totpPendingSecret, at: row.totpPendingAt } : null;
  if (!pending || Date.now() - pending.at.getTime() > TOTP_ENROLMENT_MINUTES * 60_000) {
    throw new ApiError("conflict", "There is no authenticator set-up in progress, or it expired. Start again to get a new QR code.");
  }
  const attempt = await beginSecondFactorAttempt(who.userId, client.address);
  if (!attempt) throw throttled();
  const secret = totpSecretBox().open(pending.sealed, who.userId);
  const step = secret ? matchTotpStep(secret, code) : null;
  if (step === null) throw wrongCode("That code is not right. Type the 6-digit code your app shows now.");

  try {
    const result = await db().$transaction(async (tx) => {
      const enabledAt = new Date();
      // One statement decides: the same pending secret, not on yet, and a step later than the last
      // one used. Of N confirmations at once, one wins; the code cannot be replayed afterwards.
      const { count } = await tx.user.updateMany({
        where: {
          id: who.userId,
          totpEnabledAt: null,
          totpPendingSecret: pending.sealed,
          OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
        },
        data: { totpSecret: pending.sealed, totpEnabledAt: enabledAt, totpLastStep: step, totpPendingSecret: null, totpPendingAt: null },
      });
      if (count !== 1) return null;
      const recoveryCodes = await issueRecoveryCodesIfNone(tx, who.userId);
      await recordAuditEvent(tx, actorOf(who, client), { action: "auth.mfa_enabled", metadata: { method: "totp" } });
      return { enabledAt, recoveryCodes };
    });
    if (!result) throw wrongCode("That code was already used. Wait for the next one your app shows.");
    await attempt.succeeded();
    return result;
  } catch (error) {
    if (!(error instanceof ApiError)) await attempt.abandoned();
    throw error;
  }
}

/**
 * Needs a current code from the app or a recovery code. Recovery codes stay while a passkey is
 * left (they belong to the account's second factors, not to the app).
 */
export async function disableTotp(who: Who, code: string, client: Client): Promise<void> {
  const factors = await secondFactorsOf(who.userId);
  if (!factors.totp) throw new ApiError("conflict", "The authenticator app is not on.");
  const check = await verifySecondFactorCode({ user: { id: who.userId, email: who.email, accountId: who.personalAccountId }, code, ...client });
  if (!check.ok) {
    if (check.reason === "throttled") throw throttled();
    throw wrongCode("That code is not right, or was already used. Type the code your app shows now, or a recovery code.");
  }
  await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: who.userId, totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpPendingSecret: null, totpPendingAt: null },
    });
    if (count !== 1) throw new ApiError("conflict", "The authenticator app is not on.");
    const left = await secondFactorsOf(who.userId, tx);
    if (!hasSecondFactor(left)) await dropRecoveryCodes(tx, who.userId);
    await recordAuditEvent(tx, actorOf(who, client), { action: "auth.mfa_disabled", metadata: { method: "totp" } });
  });
}

/** Ten new codes replace the old ones (used or not); only for a user with a second factor. */
export async function regenerateRecoveryCodes(who: Who, client: Client): Promise<string[]> {
  return db().$transaction(async (tx) => {
    if (!hasSecondFactor(await secondFactorsOf(who.userId, tx))) {
      throw new ApiError("conflict", "Recovery codes come with a second factor. Set up an authenticator app or a passkey first.");
    }
    const codes = await issueRecoveryCodes(tx, who.userId);
    await recordAuditEvent(tx, actorOf(who, client), { action: "auth.recovery_codes_regenerated" });
    return codes;
  });
}
