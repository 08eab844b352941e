// Email + password sign-in, as next-auth's Credentials provider calls it. In order: take a point
// from the email's and the address's budgets (atomically, before any password is checked), check
// the password off the event loop, then, for a user with a second factor, check the code or the
// passkey (under budgets of their own), then open a server-side session. Every refusal of the
// password looks the same to the caller (wrong password, unknown email, throttled); only "busy"
// and "unavailable", which say nothing about the account, are told apart. Past a right password,
// a user with a second factor learns that one is needed (otp_required) or was wrong (otp_invalid).
import type { User } from "next-auth";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address.mjs";
import { verifyPasskeyAuthentication } from "@/lib/passkeys/authentication";
import { HashingBusyError, verifyPasswordOrDummy } from "@/lib/passwords/hashing";
import { beginSignInAttempt, type SignInAttempt } from "@/lib/ratelimit/sign-in-throttle";
import type { SignInMethod } from "@/lib/sessions/store";
import { hasSecondFactor, secondFactorsOf } from "@/lib/two-factor/status";
import { verifySecondFactorCode } from "@/lib/two-factor/verify-code";
import { openSession, recordSignInFailure, type SignInUser } from "./open-session";
import { credentialsSchema } from "./schemas";

/** next-auth puts a thrown error's message into the sign-in answer: only these fixed codes ever are. */
export const SIGN_IN_ERRORS = {
  busy: "SignInBusy",
  unavailable: "SignInUnavailable",
  /** The password was right; this user also needs a code (otp), a recovery code or a passkey. */
  otpRequired: "otp_required",
  /** The password was right; the code, recovery code or passkey was not (or too many were tried). */
  otpInvalid: "otp_invalid",
} as const;

/** Thrown to end the sign-in with one of the codes above (next-auth passes the message on). */
class SignInRefusal extends Error {}

type HeaderRecord = Record<string, unknown> | undefined;

export function headerGetter(headers: HeaderRecord) {
  return {
    get(name: string): string | null {
      const value = headers?.[name];
      if (typeof value === "string") return value;
      if (Array.isArray(value) && typeof value[0] === "string") return value[0];
      return null;
    },
  };
}

type Outcome = "signed_in" | "refused" | "throttled" | "busy" | "unavailable" | "second_factor_required" | "second_factor_refused";

/** One line per attempt, never the email or password: operators see floods, tests count checks. */
function logAttempt(outcome: Outcome, passwordChecked: boolean, address: string | null, userId?: string) {
  console.info(`[sign-in] outcome=${outcome} password_checked=${passwordChecked ? "yes" : "no"} address=${address ?? "unknown"}${userId ? ` user=${userId}` : ""}`);
}

export async function signInWithPassword(credentials: unknown, headers: HeaderRecord): Promise<User | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password, otp, passkey } = parsed.data;
  const request = headerGetter(headers);
  const address = clientAddressFrom(request);
  const userAgent = request.get("user-agent");

  let attempt: SignInAttempt | null = null;
  try {
    attempt = await beginSignInAttempt(email, address);
    if (!attempt) {
      logAttempt("throttled", false, address);
      return null;
    }
    const user = await db().user.findUnique({ where: { email } });
    const ok = await verifyPasswordOrDummy(password, user?.passwordHash ?? null);
    if (!user || !ok) {
      logAttempt("refused", true, address);
      // Bounded by the email's budget above, so a flood cannot fill the owner's audit log.
      if (user) await recordSignInFailure(user, "wrong_password", address, userAgent);
      return null;
    }
    await attempt.succeeded();
    attempt = null;
    const method = await secondFactor(user, { otp, passkey }, { request, address, userAgent });
    const signedIn = await openSession(user, method, address, userAgent);
    logAttempt("signed_in", true, address, user.id);
    return signedIn;
  } catch (error) {
    if (error instanceof SignInRefusal) throw error;
    // Nothing was decided about the password: its points go back.
    await attempt?.abandoned().catch(() => undefined);
    if (error instanceof HashingBusyError) {
      logAttempt("busy", false, address);
      throw new Error(SIGN_IN_ERRORS.busy);
    }
    // The driver's message stays in the log (it never holds the password); the caller gets a code.
    console.error(`[sign-in] failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    logAttempt("unavailable", false, address);
    throw new Error(SIGN_IN_ERRORS.unavailable);
  }
}

type RequestFacts = { request: ReturnType<typeof headerGetter>; address: string | null; userAgent: string | null };

/**
 * After a right password: which second proof this user gave, or a refusal. A user without a
 * second factor needs none (a code sent anyway is ignored).
 */
async function secondFactor(user: SignInUser, proof: { otp?: string; passkey?: string }, facts: RequestFacts): Promise<SignInMethod> {
  if (!hasSecondFactor(await secondFactorsOf(user.id))) return "password";
  if (proof.passkey !== undefined) {
    const verified = await verifyPasskeyAuthentication({
      response: parsePasskeyResponse(proof.passkey),
      headers: facts.request,
      purpose: "authentication",
      expectedUserId: user.id,
    });
    if (verified) return "password+passkey";
    await refuseSecondFactor(user, "wrong_passkey", facts);
  }
  if (proof.otp === undefined) {
    logAttempt("second_factor_required", true, facts.address, user.id);
    throw new SignInRefusal(SIGN_IN_ERRORS.otpRequired);
  }
  const check = await verifySecondFactorCode({ user, code: proof.otp, address: facts.address, userAgent: facts.userAgent });
  if (check.ok) return check.method === "totp" ? "password+totp" : "password+recovery_code";
  // A throttled attempt checked nothing: it is not another failure for the owner's log.
  if (check.reason === "throttled") {
    logAttempt("throttled", true, facts.address, user.id);
    throw new SignInRefusal(SIGN_IN_ERRORS.otpInvalid);
  }
  return refuseSecondFactor(user, "wrong_code", facts);
}

async function refuseSecondFactor(user: SignInUser, reason: "wrong_code" | "wrong_passkey", facts: RequestFacts): Promise<never> {
  logAttempt("second_factor_refused", true, facts.address, user.id);
  await recordSignInFailure(user, reason, facts.address, facts.userAgent);
  throw new SignInRefusal(SIGN_IN_ERRORS.otpInvalid);
}

/** The passkey field is the browser's assertion as JSON text; anything else verifies as nothing. */
export function parsePasskeyResponse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
