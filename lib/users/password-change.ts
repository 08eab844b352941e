// Changing the password needs the current one, checked under the same budget as sign-in (so a
// stolen session cannot be used to guess it), and signs out every other browser.
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { hashPassword, verifyPasswordOrDummy } from "@/lib/passwords/hashing";
import { beginSignInAttempt } from "@/lib/ratelimit/sign-in-throttle";
import { endOtherSessions } from "@/lib/sessions/store";
import type { ChangePasswordInput } from "./schemas";

export async function changePassword(
  who: { userId: string; email: string; sessionId: string },
  input: ChangePasswordInput,
  actor: AuditActor,
): Promise<{ otherSessionsEnded: number }> {
  const address = actor.ip;
  const attempt = await beginSignInAttempt(who.email, address);
  if (!attempt) {
    throw new ApiError("rate_limited", "Too many wrong passwords. Try again in 15 minutes.", { headers: { "Retry-After": "900" } });
  }
  let ok: boolean;
  try {
    const user = await db().user.findUnique({ where: { id: who.userId }, select: { passwordHash: true } });
    ok = await verifyPasswordOrDummy(input.current_password, user?.passwordHash ?? null);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!ok) {
    throw new ApiError("invalid_request", "The current password is not right.", {
      details: { fields: ["current_password"], issues: [{ path: "current_password", message: "The current password is not right." }] },
    });
  }
  await attempt.succeeded();
  const passwordHash = await hashPassword(input.new_password);
  // One transaction: the new password never lands without the other sessions ending.
  const otherSessionsEnded = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: who.userId }, data: { passwordHash } });
    const ended = await endOtherSessions(who.userId, who.sessionId, "password_changed", tx);
    await recordAuditEvent(tx, actor, { action: "auth.password_changed", metadata: { other_sessions_ended: ended } });
    return ended;
  });
  return { otherSessionsEnded };
}
