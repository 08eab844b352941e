// Opening the sudo-mode window again: the signed-in user proves who they are with their password,
// a code (authenticator or recovery), or one of their passkeys. Each proof is checked under the
// same budgets as at sign-in, so a stolen session cannot be used to guess any of them.
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import type { UserPrincipal } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { passkeyAuthenticationOptions, verifyPasskeyAuthentication } from "@/lib/passkeys/authentication";
import { verifyPasswordOrDummy } from "@/lib/passwords/hashing";
import { beginSignInAttempt } from "@/lib/ratelimit/sign-in-throttle";
import { markReauthenticated } from "@/lib/sessions/store";
import { secondFactorsOf } from "@/lib/two-factor/status";
import { verifySecondFactorCode } from "@/lib/two-factor/verify-code";
import type { ReauthInput } from "./schemas";
import { reauthValidUntil } from "./window";

type HeaderGetter = { get(name: string): string | null };

const RETRY_AFTER_SECONDS = 15 * 60;

function wrong(field: "password" | "otp" | "passkey", message: string): ApiError {
  return new ApiError("invalid_request", message, { details: { fields: [field], issues: [{ path: field, message }] } });
}

function throttled(): ApiError {
  return new ApiError("rate_limited", "Too many wrong attempts. Try again in 15 minutes.", { headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } });
}

async function checkPassword(principal: UserPrincipal, password: string, address: string | null): Promise<void> {
  const attempt = await beginSignInAttempt(principal.email, address);
  if (!attempt) throw throttled();
  let ok: boolean;
  try {
    const user = await db().user.findUnique({ where: { id: principal.userId }, select: { passwordHash: true } });
    ok = await verifyPasswordOrDummy(password, user?.passwordHash ?? null);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!ok) throw wrong("password", "The password is not right.");
  await attempt.succeeded();
}

/** Which proof it was, once it is checked; throws a 400 or 429 in the envelope otherwise. */
async function checkProof(principal: UserPrincipal, input: ReauthInput, actor: AuditActor, headers: HeaderGetter): Promise<string> {
  if (input.password !== undefined) {
    await checkPassword(principal, input.password, actor.ip);
    return "password";
  }
  const user = { id: principal.userId, email: principal.email, accountId: principal.personalAccountId };
  if (input.otp !== undefined) {
    const check = await verifySecondFactorCode({ user, code: input.otp, address: actor.ip, userAgent: actor.userAgent });
    if (check.ok) return check.method;
    if (check.reason === "throttled") throw throttled();
    throw wrong("otp", "The code is not right, or it was already used.");
  }
  const verified = await verifyPasskeyAuthentication({ response: input.passkey, headers, purpose: "reauthentication", expectedUserId: principal.userId });
  if (!verified) throw wrong("passkey", "The passkey could not be verified. Ask for new options and try again.");
  return "passkey";
}

export async function reauthenticate(principal: UserPrincipal, input: ReauthInput, actor: AuditActor, headers: HeaderGetter): Promise<void> {
  const method = await checkProof(principal, input, actor, headers);
  await db().$transaction(async (tx) => {
    if (!(await markReauthenticated(principal.userId, principal.sessionId, tx))) throw new ApiError("unauthorized", "Sign in to continue.");
    await recordAuditEvent(tx, actor, { action: "auth.reauthenticated", metadata: { method } });
  });
}

export async function reauthStatus(principal: UserPrincipal) {
  const factors = await secondFactorsOf(principal.userId);
  return {
    reauthenticated_at: principal.reauthAt.toISOString(),
    valid_until: reauthValidUntil(principal.reauthAt).toISOString(),
    methods: { password: true, otp: factors.totp, passkey: factors.passkeys > 0 },
  };
}

/** Passkey options naming only this user's passkeys. */
export async function reauthPasskeyOptions(principal: UserPrincipal, headers: HeaderGetter) {
  const factors = await secondFactorsOf(principal.userId);
  if (factors.passkeys === 0) throw new ApiError("conflict", "You have no passkey. Confirm with your password or a code instead.");
  return passkeyAuthenticationOptions({ userId: principal.userId, headers, purpose: "reauthentication" });
}
