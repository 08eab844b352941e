// Email + password sign-in, as next-auth's Credentials provider calls it. In order: take a point
// from the email's and the address's budgets (atomically, before any password is checked), check
// the password off the event loop, then open a server-side session. Every refusal looks the same
// to the caller (wrong password, unknown email, throttled); only "busy" and "unavailable", which
// say nothing about the account, are told apart, as next-auth error codes.
import type { User } from "next-auth";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address.mjs";
import { HashingBusyError, verifyPasswordOrDummy } from "@/lib/passwords/hashing";
import { beginSignInAttempt, type SignInAttempt } from "@/lib/ratelimit/sign-in-throttle";
import { startSession } from "@/lib/sessions/store";
import { credentialsSchema } from "./schemas";

/** next-auth puts a thrown error's message into the sign-in answer: only these fixed codes ever are. */
export const SIGN_IN_ERRORS = { busy: "SignInBusy", unavailable: "SignInUnavailable" } as const;

type HeaderRecord = Record<string, unknown> | undefined;

function headerGetter(headers: HeaderRecord) {
  return {
    get(name: string): string | null {
      const value = headers?.[name];
      if (typeof value === "string") return value;
      if (Array.isArray(value) && typeof value[0] === "string") return value[0];
      return null;
    },
  };
}

type Outcome = "signed_in" | "refused" | "throttled" | "busy" | "unavailable";

/** One line per attempt, never the email or password: operators see floods, tests count checks. */
function logAttempt(outcome: Outcome, passwordChecked: boolean, address: string | null, userId?: string) {
  console.info(`[sign-in] outcome=${outcome} password_checked=${passwordChecked ? "yes" : "no"} address=${address ?? "unknown"}${userId ? ` user=${userId}` : ""}`);
}

export async function signInWithPassword(credentials: unknown, headers: HeaderRecord): Promise<User | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const request = headerGetter(headers);
  const address = clientAddressFrom(request);

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
      return null;
    }
    await attempt.succeeded();
    const sessionId = await startSession({ userId: user.id, ip: address, userAgent: request.get("user-agent"), method: "password" });
    logAttempt("signed_in", true, address, user.id);
    return { id: user.id, email: user.email, name: user.name, sessionId };
  } catch (error) {
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
