// The ways into a route handler, one per kind of caller. Each catches everything into the
// one error envelope; handlers receive what they need and never read cookies or auth headers.
import { currentPrincipal, type SessionPrincipal } from "@/lib/auth/session";
import { assertRecentAuth } from "@/lib/reauth/window";
import { ApiError, toErrorResponse } from "./errors";
import { assertSameSite } from "./request";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

export type PublicContext = { request: Request; params: Record<string, string | string[]> };
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

export type SessionOptions = {
  /** A sensitive change: the session must have proved who it is within REAUTH_WINDOW_MINUTES (lib/reauth). */
  reauth?: boolean;
};

/** A signed-in browser session (next-auth cookie). Cross-site writes are refused before anything runs. */
export function withSession(handler: (ctx: SessionContext) => Promise<Response>, options: SessionOptions = {}): RouteHandler {
  return withPublic(async ({ request, params }) => {
    const principal = await currentPrincipal();
    if (!principal) throw new ApiError("unauthorized", "Sign in to continue.");
    if (options.reauth) assertRecentAuth(principal);
    return handler({ request, params, principal });
  });
}
