// The end of every successful sign-in, whatever proved who it was: a server-side session and an
// auth.signed_in event, in one transaction, and the User next-auth puts into the cookie.
import type { User } from "next-auth";
import { recordAuditEvent, userActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { startSession, type SignInMethod } from "@/lib/sessions/store";

export type SignInUser = { id: string; email: string; name: string | null; accountId: string };

export async function openSession(user: SignInUser, method: SignInMethod, address: string | null, userAgent: string | null): Promise<User> {
  const sessionId = await db().$transaction(async (tx) => {
    const id = await startSession({ userId: user.id, ip: address, userAgent, method }, tx);
    await recordAuditEvent(tx, userActor(user, address, userAgent), { action: "auth.signed_in", metadata: { method, session_id: id } });
    return id;
  });
  return { id: user.id, email: user.email, name: user.name, sessionId };
}

/** A refused sign-in of an existing account, for its owner to see (never for unknown emails). */
export async function recordSignInFailure(
  user: SignInUser,
  reason: "wrong_password" | "wrong_code" | "wrong_passkey",
  address: string | null,
  userAgent: string | null,
): Promise<void> {
  await db().$transaction((tx) => recordAuditEvent(tx, userActor(user, address, userAgent), { action: "auth.sign_in_failed", metadata: { reason } }));
}
