// Who is signed in, for server components and the session route wrappers: the cookie names a
// server-side session, and only a live one (not signed out, ended elsewhere, past its absolute
// lifetime or idle too long) counts. The session also remembers which of the user's accounts it
// acts on; that membership is read on every request, so a removed member loses the account at once.
import { cookies } from "next/headers";
import { cache } from "react";
import { asTier, type Tier } from "@/lib/accounts/tiers";
import { currentMembership } from "@/lib/members/current";
import type { Role } from "@/lib/permissions/table";
import { loadLiveSession } from "@/lib/sessions/store";
import { readSessionCookie, sessionCookieName } from "./session-cookie";

/** The user's place in the account the session acts on. */
export type AccountMembership = {
  accountId: string;
  accountName: string;
  tier: Tier;
  role: Role;
  /** The account requires two-factor and this user has neither an authenticator app nor a passkey. */
  mustEnrolTwoFactor: boolean;
};

/** A signed-in user, whether or not they are still a member of the session's current account. */
export type UserPrincipal = {
  kind: "session";
  userId: string;
  sessionId: string;
  email: string;
  name: string | null;
  /** The account made at sign-up (where the user's own security events are recorded). */
  personalAccountId: string;
  /** The session's last proof of identity (sign-in or re-authentication): lib/reauth. */
  reauthAt: Date;
  /** The current account, or null when the user was removed from it. */
  membership: AccountMembership | null;
};

/** A signed-in member acting on their current account: what account routes and pages get. */
export type SessionPrincipal = UserPrincipal & {
  accountId: string;
  tier: Tier;
  role: Role;
};

/**
 * The signed-in user, or null. A session of a deleted user counts as signed out.
 * Once per request: a page's layout and the page itself share one read of the session.
 */
export const currentUser = cache(async (): Promise<UserPrincipal | null> => {
  const claims = await readSessionCookie((await cookies()).get(sessionCookieName())?.value);
  if (!claims) return null;
  const session = await loadLiveSession(claims.sessionId, claims.userId);
  if (!session) return null;
  const { user } = session;
  const membership = await currentMembership(user, session.accountId ?? user.accountId);
  return {
    kind: "session",
    userId: user.id,
    sessionId: session.id,
    email: user.email,
    name: user.name,
    personalAccountId: user.accountId,
    reauthAt: session.reauthAt,
    membership: membership && { ...membership, tier: asTier(membership.tier) },
  };
});

/** The signed-in user as a member of their current account, or null (signed out, or removed from it). */
export const currentPrincipal = cache(async (): Promise<SessionPrincipal | null> => asMember(await currentUser()));

export function asMember(user: UserPrincipal | null): SessionPrincipal | null {
  if (!user?.membership) return null;
  return { ...user, accountId: user.membership.accountId, tier: user.membership.tier, role: user.membership.role };
}
