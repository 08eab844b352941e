// Who is signed in, for server components and the session route wrapper: the cookie names a
// server-side session, and only a live one (not signed out, ended elsewhere, past its absolute
// lifetime or idle too long) counts.
import { cookies } from "next/headers";
import { cache } from "react";
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { loadLiveSession } from "@/lib/sessions/store";
import { readSessionCookie, sessionCookieName } from "./session-cookie";

export type SessionPrincipal = {
  kind: "session";
  userId: string;
  sessionId: string;
  email: string;
  name: string | null;
  accountId: string;
  tier: Tier;
  /** The session's last proof of identity (sign-in or re-authentication): lib/reauth. */
  reauthAt: Date;
};

/**
 * The signed-in user and their account, or null. A session of a deleted user counts as signed out.
 * Once per request: a page's layout and the page itself share one read of the session.
 */
export const currentPrincipal = cache(async (): Promise<SessionPrincipal | null> => {
  const claims = await readSessionCookie((await cookies()).get(sessionCookieName())?.value);
  if (!claims) return null;
  const session = await loadLiveSession(claims.sessionId, claims.userId);
  if (!session) return null;
  const { user } = session;
  return {
    kind: "session",
    userId: user.id,
    sessionId: session.id,
    email: user.email,
    name: user.name,
    accountId: user.accountId,
    tier: asTier(user.account.tier),
    reauthAt: session.reauthAt,
  };
});
