// Server-side sessions: created at sign-in, read by every cookie request, ended by sign-out, by
// the user from the account page, or by a password change. Every query names the user, so one
// user can never read or end another's sessions.
import { db, type Tx } from "@/lib/db";
import { sessionLifetime } from "./lifetime";

export type EndReason = "signed_out" | "ended_by_user" | "ended_elsewhere" | "password_changed";

/** How a session was signed in: which proofs of identity it took. */
export type SignInMethod = "password" | "password+totp" | "password+recovery_code" | "password+passkey" | "passkey";

export async function startSession(input: { userId: string; ip: string | null; userAgent: string | null; method: SignInMethod }, tx: Tx = db()): Promise<string> {
  const now = new Date();
  const session = await tx.session.create({
    data: {
      userId: input.userId,
      createdAt: now,
      lastSeenAt: now,
      // Signing in is a proof of identity: sensitive changes are allowed right after it.
      reauthAt: now,
      method: input.method,
      expiresAt: new Date(now.getTime() + sessionLifetime().maxAgeMs),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

type LiveCheck = { endedAt: Date | null; expiresAt: Date; lastSeenAt: Date };

/** Open, within its absolute lifetime, and used within the idle timeout. */
export function isLive(session: LiveCheck, now: number = Date.now()): boolean {
  return session.endedAt === null && session.expiresAt.getTime() > now && session.lastSeenAt.getTime() + sessionLifetime().idleMs > now;
}

/**
 * The session with its user and account if it is live and belongs to userId, else null. Moves
 * last-seen forward (at most once per touch interval, so a busy page costs one read per request).
 */
export async function loadLiveSession(sessionId: string, userId: string) {
  const session = await db().session.findUnique({ where: { id: sessionId }, include: { user: { include: { account: true } } } });
  const now = Date.now();
  if (!session || session.userId !== userId || !isLive(session, now)) return null;
  if (now - session.lastSeenAt.getTime() >= sessionLifetime().touchEveryMs) {
    await db().session.updateMany({ where: { id: session.id, endedAt: null }, data: { lastSeenAt: new Date(now) } });
  }
  return session;
}

/** Cheap liveness check without the user (next-auth's session refresh). */
export async function sessionIsLive(sessionId: string, userId: string): Promise<boolean> {
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { userId: true, endedAt: true, expiresAt: true, lastSeenAt: true } });
  return session !== null && session.userId === userId && isLive(session);
}

/** A fresh proof of identity in this session (lib/reauth): false when it is not the user's open session. */
export async function markReauthenticated(userId: string, sessionId: string, tx: Tx = db()): Promise<boolean> {
  const { count } = await tx.session.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { reauthAt: new Date() } });
  return count > 0;
}

/** Ends one of the user's sessions; false when there is no such open session of theirs. */
export async function endSession(userId: string, sessionId: string, reason: EndReason, tx: Tx = db()): Promise<boolean> {
  const { count } = await tx.session.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { endedAt: new Date(), endReason: reason } });
  return count > 0;
}

/** Ends every open session of the user except keepId; returns how many were ended. */
export async function endOtherSessions(userId: string, keepId: string, reason: EndReason, tx: Tx = db()): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, endedAt: null, id: { not: keepId } }, data: { endedAt: new Date(), endReason: reason } });
  return count;
}

/** The user's live sessions, most recently used first. */
export async function listLiveSessions(userId: string) {
  const now = new Date();
  const rows = await db().session.findMany({
    where: { userId, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - sessionLifetime().idleMs) } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows;
}
