// The one check of a second-factor code, for sign-in, re-authentication and turning the app off:
// a 6-digit code from the authenticator app, or one of the recovery codes. Budgeted per user and
// per address (lib/ratelimit/second-factor-throttle.ts) before anything is looked at; a code is
// accepted once only (the app's time step is claimed, a recovery code is used up).
import { recordAuditEvent, userActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { beginSecondFactorAttempt } from "@/lib/ratelimit/second-factor-throttle";
import { consumeRecoveryCode, normaliseRecoveryCode, remainingRecoveryCodes } from "./recovery-codes";
import { totpSecretBox } from "./secret-box";
import { claimTotpStep, matchTotpStep, normaliseTotpCode } from "./totp";

export type CodeCheck = { ok: true; method: "totp" | "recovery_code" } | { ok: false; reason: "throttled" | "wrong" };

type CodeUser = { id: string; email: string; accountId: string };

/** Whether the input could be a code at all (an app code or a recovery code), before any lookup. */
export function isCodeShaped(code: string): boolean {
  return normaliseTotpCode(code) !== null || normaliseRecoveryCode(code) !== null;
}

export async function verifySecondFactorCode(input: {
  user: CodeUser;
  code: string;
  address: string | null;
  userAgent: string | null;
}): Promise<CodeCheck> {
  const attempt = await beginSecondFactorAttempt(input.user.id, input.address);
  if (!attempt) return { ok: false, reason: "throttled" };
  let method: "totp" | "recovery_code" | null;
  try {
    method = await checkCode(input);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  // A wrong code keeps its point: that is the budget.
  if (!method) return { ok: false, reason: "wrong" };
  await attempt.succeeded();
  return { ok: true, method };
}

async function checkCode({ user, code, address, userAgent }: Parameters<typeof verifySecondFactorCode>[0]): Promise<"totp" | "recovery_code" | null> {
  if (normaliseTotpCode(code)) return (await checkTotp(user.id, code)) ? "totp" : null;
  if (!normaliseRecoveryCode(code)) return null;
  // Used up and recorded together: a code is never spent without its event.
  const used = await db().$transaction(async (tx) => {
    if (!(await consumeRecoveryCode(user.id, code, tx))) return false;
    const remaining = await remainingRecoveryCodes(user.id, tx);
    await recordAuditEvent(tx, userActor(user, address, userAgent), { action: "auth.recovery_code_used", metadata: { remaining } });
    return true;
  });
  return used ? "recovery_code" : null;
}

async function checkTotp(userId: string, code: string): Promise<boolean> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (!row?.totpSecret || !row.totpEnabledAt) return false;
  const secret = totpSecretBox().open(row.totpSecret, userId);
  if (!secret) return false;
  const step = matchTotpStep(secret, code);
  if (step === null) return false;
  return claimTotpStep(db(), userId, step);
}
