// The way in for integrations: Authorization: Bearer sk_live_... (or X-API-Key). In order:
// verify the key, check the client address against the key's allowlist, apply both rate-limit
// windows, check the scope, count the request. Every use of a recognised key is counted with its
// outcome, address and user agent (in memory; lib/usage/counter.ts), refused or served. A refusal
// for the address spends no rate-limit point: a leaked key used from elsewhere cannot exhaust the
// budget of the integration it belongs to. Every response past the limiter carries its headers.
import type { Scope, Tier } from "@/lib/accounts/tiers";
import type { SessionPrincipal } from "@/lib/auth/session";
import { addressAllowed } from "@/lib/keys/allowed-ips";
import { effectiveScopes } from "@/lib/keys/view";
import { refusalError, verifyApiKey, WWW_AUTHENTICATE, type Verification, type VerifiedKey } from "@/lib/keys/verify";
import { consumeKeyLimits, peekKeyLimits, rateLimitHeaders, type LimitDecision } from "@/lib/ratelimit/key-limits";
import { countKeyUse } from "@/lib/usage/counter";
import { ApiError, toErrorResponse } from "./errors";
import { clientIp } from "./request";
import type { Permission } from "@/lib/permissions/table";
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
type RouteHandler = (request: Request, context: RouteContext) => Response | Promise<Response>;

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

// A cache entry's key never changes (a change to the key or its tier loads a new VerifiedKey), so
// its principal is built once per load rather than once per request.
const principals = new WeakMap<VerifiedKey, ApiKeyPrincipal>();

function principalOf(key: VerifiedKey): ApiKeyPrincipal {
  let principal = principals.get(key);
  if (principal === undefined) {
    principal = Object.freeze({
      kind: "api_key",
      keyId: key.id,
      accountId: key.accountId,
      name: key.name,
      lastFour: key.lastFour,
      tier: key.tier,
      scopes: Object.freeze(effectiveScopes(key.scopes, key.tier)) as Scope[],
    });
    principals.set(key, principal);
  }
  return principal;
}

function hasKeyCredentials(request: Request): boolean {
  return request.headers.has("authorization") || request.headers.has("x-api-key");
}

type Step<T> = T | Promise<T>;

function withLimitHeaders(response: Response, limitHeaders: Record<string, string> | null): Response {
  if (limitHeaders !== null) for (const name in limitHeaders) response.headers.set(name, limitHeaders[name] as string);
  return response;
}

// A cached key, the in-process limiter and a synchronous handler make no promise of their own:
// under Next every promise also runs the async-context hooks, and they cost more than the checks.
// So each stage below continues at once when its input is already there, and waits (one `then`)
// only when it is a promise: a key read from the database, the Redis limiter, an asynchronous
// handler, a route's params (Next hands a route without dynamic segments none at all). Whatever a
// stage throws or rejects with ends in the one error envelope, with the rate-limit headers once
// the limiter has counted the request.
function handleWithKey(request: Request, context: RouteContext, scope: Scope | null, handler: (ctx: ApiKeyContext) => Step<Response>): Step<Response> {
  const nowMs = Date.now();
  const address = clientIp(request);
  const userAgent = request.headers.get("user-agent");
  let limitHeaders: Record<string, string> | null = null;
  const fail = (error: unknown) => withLimitHeaders(toErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`), limitHeaders);
  const step = <T>(value: Step<T>, next: (value: T) => Step<Response>): Step<Response> => {
    if (value instanceof Promise) return value.then((settled: T) => step(settled, next), fail);
    try {
      return next(value);
    } catch (error) {
      return fail(error);
    }
  };

  const verified = (verification: Verification): Step<Response> => {
    if (!verification.ok) throw refusalError(verification);
    const key = verification.key;
    if (!addressAllowed(key.allowList, address)) {
      countKeyUse(key.id, nowMs, "ip_not_allowed", address, userAgent);
      throw new ApiError("ip_not_allowed", `This API key may not be used from ${address ?? "an address the server could not determine"}. Its allowed addresses are set in Settings → API keys.`, {
        details: { address },
      });
    }
    // Limits before the scope: a request over its limit is 429 whatever it asks for, and one
    // refused for its scope has spent its point like any other (probing costs the key's budget).
    return step(consumeKeyLimits(key.id, key.tier, nowMs), (decision) => admitted(key, decision));
  };

  const admitted = (key: VerifiedKey, decision: LimitDecision): Step<Response> => {
    limitHeaders = rateLimitHeaders(decision.windows, nowMs);
    if (!decision.allowed) {
      countKeyUse(key.id, nowMs, "rate_limited", address, userAgent);
      const retryAfter = Math.max(1, Math.ceil((decision.exceeded.resetMs - nowMs) / 1000));
      throw new ApiError("rate_limited", `Rate limit exceeded: ${decision.exceeded.limit} requests per ${decision.exceeded.window} on the ${key.tier} tier. Retry in ${retryAfter} s.`, {
        details: { window: decision.exceeded.window, limit: decision.exceeded.limit, retry_after_seconds: retryAfter },
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    const principal = principalOf(key);
    if (scope !== null && !principal.scopes.includes(scope)) {
      countKeyUse(key.id, nowMs, "insufficient_scope", address, userAgent);
      throw new ApiError("insufficient_scope", `This key lacks the ${scope} scope that this endpoint needs.`, {
        details: { required_scope: scope, key_scopes: principal.scopes },
      });
    }
    countKeyUse(key.id, nowMs, "served", address, userAgent);
    return step(context.params, (params) => step(handler({ request, params, principal, rateLimits: decision.windows }), answered));
  };

  const answered = (response: Response): Response => withLimitHeaders(response, limitHeaders);

  // presentedKey throws for a missing or malformed header: inside a stage, so it ends as a refusal.
  return step(null, () => step(verifyApiKey(presentedKey(request), nowMs, address), verified));
}

/** A route for integrations, needing `scope` (or null: any valid key). The handler may answer synchronously. */
export function withApiKey(scope: Scope | null, handler: (ctx: ApiKeyContext) => Step<Response>): RouteHandler {
  return (request, context) => handleWithKey(request, context, scope, handler);
}

export type AccountContext = PublicContext & { principal: SessionPrincipal | ApiKeyPrincipal };

/**
 * A read that both the browser (session cookie) and integrations (API key with `scope`) may
 * make. Key credentials, when present, decide: a request never falls back from a bad key to a cookie.
 */
export function withSessionOrApiKey(scope: Scope, permission: Permission, handler: (ctx: AccountContext) => Promise<Response>): RouteHandler {
  const withKey = withApiKey(scope, handler);
  const withCookie = withSession(handler, { permission });
  return (request, context) => (hasKeyCredentials(request) ? withKey(request, context) : withCookie(request, context));
}
