// The way in for integrations: Authorization: Bearer sk_live_... (or X-API-Key). In order:
// verify the key, apply both rate-limit windows, check the scope, count the request. Every
// response to a valid key carries the rate-limit headers.
import type { Scope, Tier } from "@/lib/accounts/tiers";
import type { SessionPrincipal } from "@/lib/auth/session";
import { effectiveScopes } from "@/lib/keys/view";
import { refusalError, verifyApiKey, WWW_AUTHENTICATE } from "@/lib/keys/verify";
import { consumeKeyLimits, peekKeyLimits, rateLimitHeaders } from "@/lib/ratelimit/key-limits";
import { countRequest } from "@/lib/usage/counter";
import { ApiError, toErrorResponse } from "./errors";
import { clientIp } from "./request";
import { withSession, type PublicContext } from "./route";

export type ApiKeyPrincipal = {
  kind: "api_key";
  keyId: string;
  accountId: string;
  name: string;
  lastFour: string;
  tier: Tier;
  scopes: Scope[];
};

export type ApiKeyContext = PublicContext & { principal: ApiKeyPrincipal; rateLimits: Awaited<ReturnType<typeof peekKeyLimits>> };

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

function presentedKey(request: Request): string {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) {
      throw new ApiError("unauthorized", "Send the API key as Authorization: Bearer sk_live_...", { headers: { "WWW-Authenticate": WWW_AUTHENTICATE } });
    }
    return match[1];
  }
  const headerKey = request.headers.get("x-api-key");
  if (headerKey !== null && headerKey.trim() !== "") return headerKey.trim();
  throw new ApiError("unauthorized", "An API key is required: send Authorization: Bearer sk_live_...", { headers: { "WWW-Authenticate": WWW_AUTHENTICATE } });
}

function hasKeyCredentials(request: Request): boolean {
  return request.headers.has("authorization") || request.headers.has("x-api-key");
}

async function handleWithKey(request: Request, context: RouteContext, scope: Scope | null, handler: (ctx: ApiKeyContext) => Promise<Response>) {
  let limitHeaders: Record<string, string> = {};
  try {
    const nowMs = Date.now();
    const verification = await verifyApiKey(presentedKey(request), nowMs, clientIp(request));
    if (!verification.ok) throw refusalError(verification);
    const key = verification.key;
    const principal: ApiKeyPrincipal = {
      kind: "api_key",
      keyId: key.id,
      accountId: key.accountId,
      name: key.name,
      lastFour: key.lastFour,
      tier: key.tier,
      scopes: effectiveScopes(key.scopes, key.tier),
    };
    // Limits before the scope: a request over its limit is 429 whatever it asks for, and one
    // refused for its scope has spent its point like any other (probing costs the key's budget).
    const decision = await consumeKeyLimits(key.id, key.tier, nowMs);
    limitHeaders = rateLimitHeaders(decision.windows, nowMs);
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil((decision.exceeded.resetMs - nowMs) / 1000));
      throw new ApiError("rate_limited", `Rate limit exceeded: ${decision.exceeded.limit} requests per ${decision.exceeded.window} on the ${key.tier} tier. Retry in ${retryAfter} s.`, {
        details: { window: decision.exceeded.window, limit: decision.exceeded.limit, retry_after_seconds: retryAfter },
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    if (scope !== null && !principal.scopes.includes(scope)) {
      throw new ApiError("insufficient_scope", `This key lacks the ${scope} scope that this endpoint needs.`, {
        details: { required_scope: scope, key_scopes: principal.scopes },
      });
    }
    countRequest(key.id, nowMs);
    const response = await handler({ request, params: await context.params, principal, rateLimits: decision.windows });
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
    return response;
  } catch (error) {
    const response = toErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
    return response;
  }
}

/** A route for integrations, needing `scope` (or null: any valid key). */
export function withApiKey(scope: Scope | null, handler: (ctx: ApiKeyContext) => Promise<Response>): RouteHandler {
  return (request, context) => handleWithKey(request, context, scope, handler);
}

export type AccountContext = PublicContext & { principal: SessionPrincipal | ApiKeyPrincipal };

/**
 * A read that both the browser (session cookie) and integrations (API key with `scope`) may
 * make. Key credentials, when present, decide: a request never falls back from a bad key to a cookie.
 */
export function withSessionOrApiKey(scope: Scope, handler: (ctx: AccountContext) => Promise<Response>): RouteHandler {
  const withKey = withApiKey(scope, handler);
  const withCookie = withSession(handler);
  return (request, context) => (hasKeyCredentials(request) ? withKey(request, context) : withCookie(request, context));
}
