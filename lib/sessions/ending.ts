// A user ending their own sessions from the account page: the sessions end and the audit log
// says so (auth.sessions_ended) in one transaction.
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { endOtherSessions, endSession } from "./store";

/** Signs one of the user's browsers out; false when it is not an open session of theirs. */
export async function endOneSession(actor: AuditActor & { userId: string }, sessionId: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    if (!(await endSession(actor.userId, sessionId, "ended_by_user", tx))) return false;
    await recordAuditEvent(tx, actor, { action: "auth.sessions_ended", metadata: { ended: 1, session_id: sessionId } });
    return true;
  });
}

/** "Sign out everywhere else": returns how many sessions ended. */
export async function endSessionsElsewhere(actor: AuditActor & { userId: string }, keepSessionId: string): Promise<number> {
  return db().$transaction(async (tx) => {
    const ended = await endOtherSessions(actor.userId, keepSessionId, "ended_elsewhere", tx);
    if (ended > 0) await recordAuditEvent(tx, actor, { action: "auth.sessions_ended", metadata: { ended, everywhere_else: true } });
    return ended;
  });
}
