// The ways into a route handler, one per kind of caller. Each catches everything into the
// one error envelope; handlers receive what they need and never read cookies or auth headers.
import { asMember, currentUser, type SessionPrincipal, type UserPrincipal } from "@/lib/auth/session";
import { assertPermission } from "@/lib/permissions/check";
import type { Permission } from "@/lib/permissions/table";
import { assertRecentAuth } from "@/lib/reauth/window";
import { ApiError, toErrorResponse } from "./errors";
import { assertSameSite } from "./request";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

export type PublicContext = { request: Request; params: Record<string, string | string[]> };
export type UserSessionContext = PublicContext & { principal: UserPrincipal };
export type SessionContext = PublicContext & { principal: SessionPrincipal };

/** Anyone may call it (sign-up, health); browser writes must still come from this site. */
export function withPublic(handler: (ctx: PublicContext) => Promise<Response>): RouteHandler {
  return async (request, context) => {
    try {
      assertSameSite(request);
      return await handler({ request, params: await context.params });
    } catch (error) {
      return toErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

export type UserSessionOptions = {
  /** A sensitive change: the session must have proved who it is within REAUTH_WINDOW_MINUTES (lib/reauth). */
  reauth?: boolean;
};

export type SessionOptions = UserSessionOptions & {
  /** What the caller's role must allow (lib/permissions/table.ts); any member when absent. */
  permission?: Permission;
};

/**
 * A signed-in browser session acting on the user themselves (profile, password, second factors,
 * sessions, which account to act on): no membership needed, so a removed member or one who must
 * first enrol in two-factor can still get here. Cross-site writes are refused before anything runs.
 */
export function withUserSession(handler: (ctx: UserSessionContext) => Promise<Response>, options: UserSessionOptions = {}): RouteHandler {
  return withPublic(async ({ request, params }) => {
    const principal = await currentUser();
    if (!principal) throw new ApiError("unauthorized", "Sign in to continue.");
    if (options.reauth) assertRecentAuth(principal);
    return handler({ request, params, principal });
  });
}

/**
 * A signed-in member acting on the session's current account. In order: signed in, still a member,
 * the account's two-factor policy met, the role allows the permission, then (for sensitive changes)
 * a recent proof of identity.
 */
export function withSession(handler: (ctx: SessionContext) => Promise<Response>, options: SessionOptions = {}): RouteHandler {
  return withPublic(async ({ request, params }) => {
    const user = await currentUser();
    if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
    const principal = asMember(user);
    if (!principal) throw new ApiError("unauthorized", "You are no longer a member of this account. Switch to another account to continue.");
    if (user.membership?.mustEnrolTwoFactor) {
      throw new ApiError("two_factor_required", "This account requires two-factor authentication: set up an authenticator app or a passkey on Settings → Account first.");
    }
    if (options.permission) assertPermission(principal, options.permission);
    if (options.reauth) assertRecentAuth(principal);
    return handler({ request, params, principal });
  });
}
