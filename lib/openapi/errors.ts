// Which error codes an operation can answer, derived from the way in (lib/http/route.ts,
// lib/http/api-key-route.ts) and what the request carries (lib/http/request.ts), plus the codes
// its handler throws itself. Each status gets a schema whose `error.code` is an enum of exactly
// those codes, so a validator catches an answer the document does not list.
import { ERROR_STATUS, type ErrorCode } from "@/lib/http/errors";
import type { Scope } from "@/lib/accounts/tiers";
import type { Permission } from "@/lib/permissions/table";

/**
 * Who may call an operation: what its route wrapper is. A session route acts on the current
 * account (withSession: any member, or those whose role holds `permission`) unless `user` is set
 * (withUserSession: about the signed-in user, no membership needed).
 */
export type Caller =
  | { kind: "public" }
  | { kind: "session"; user?: true; permission?: Permission }
  | { kind: "key"; scope: Scope | null }
  | { kind: "sessionOrKey"; scope: Scope };

export const PUBLIC: Caller = { kind: "public" };
export const SESSION: Caller = { kind: "session" };
export const USER: Caller = { kind: "session", user: true };
export const member = (permission: Permission): Caller => ({ kind: "session", permission });
export const anyKey: Caller = { kind: "key", scope: null };
export const key = (scope: Scope): Caller => ({ kind: "key", scope });
export const sessionOrKey = (scope: Scope): Caller => ({ kind: "sessionOrKey", scope });

/** One line per code, shown under each status in the reference. */
const MEANING: Record<ErrorCode, string> = {
  invalid_request: "a field is missing or wrong; `details.fields` names each one",
  invalid_json: "the body is not valid JSON",
  unauthorized: "no credentials, or not signed in",
  invalid_api_key: "the key is malformed or unknown",
  key_revoked: "the key was revoked (or its rotation's grace period ended)",
  key_expired: "the key is past its expiry",
  forbidden: "not allowed: for a role that may see this account but not do this, `details.permission` names what it lacks",
  two_factor_required: "the account requires two-factor authentication and this user has none yet: set one up first",
  cross_site_request: "a browser write sent from another site",
  insufficient_scope: "the key lacks the scope this operation needs; `details.required_scope` names it",
  ip_not_allowed: "the key may not be used from this address; `details.address` is the address seen",
  reauthentication_required:
    "a sensitive change needs a proof of identity within `REAUTH_WINDOW_MINUTES`: `POST /api/v1/account/reauth`, then send the same request again",
  not_found: "no such object in this account (another account's object answers the same)",
  method_not_allowed: "the path does not take this method",
  conflict: "the object's state does not allow it",
  name_taken: "an active key already has this name",
  key_limit_reached: "the tier's number of active keys is reached",
  payload_too_large: "the body is over 16 KB",
  unsupported_media_type: "the body is not sent as `application/json`",
  unprocessable: "the request cannot be processed",
  rate_limited: "too many requests; wait `Retry-After` seconds",
  internal_error: "something failed on the server",
  service_unavailable: "the server cannot take this request now",
};

const BODY_ERRORS: ErrorCode[] = ["invalid_request", "invalid_json", "payload_too_large", "unsupported_media_type"];
const KEY_REFUSALS: ErrorCode[] = ["unauthorized", "invalid_api_key", "key_revoked", "key_expired", "ip_not_allowed", "rate_limited"];

/** What the wrapper refuses before the handler runs, and what reading the request can refuse. */
export function wrapperErrors(caller: Caller, write: boolean, reads: { body: boolean; query: boolean }): ErrorCode[] {
  const codes: ErrorCode[] = [];
  // withPublic and withSession refuse cross-site browser writes; a key request never reaches that check.
  if (write && caller.kind !== "key") codes.push("cross_site_request");
  if (caller.kind === "session" || caller.kind === "sessionOrKey") codes.push("unauthorized");
  // An account route: the account may require two-factor first; a role may lack the permission.
  if ((caller.kind === "session" && !caller.user) || caller.kind === "sessionOrKey") codes.push("two_factor_required");
  if (caller.kind === "session" && caller.permission) codes.push("forbidden");
  if (caller.kind === "key" || caller.kind === "sessionOrKey") {
    codes.push(...KEY_REFUSALS);
    if (caller.scope !== null) codes.push("insufficient_scope");
  }
  if (reads.body) codes.push(...BODY_ERRORS);
  if (reads.query) codes.push("invalid_request");
  return codes;
}

const retryAfter = { "Retry-After": { $ref: "#/components/headers/RetryAfter" } };

/** The error responses of one operation, one per status, each narrowed to its codes. */
export function errorResponses(codes: ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, statusCodes]) => [
        String(status),
        {
          description: statusCodes.map((code) => `- \`${code}\`: ${MEANING[code]}`).join("\n"),
          ...(status === 429 ? { headers: retryAfter } : {}),
          content: { "application/json": { schema: errorEnvelope(statusCodes) } },
        },
      ]),
  );
}

function errorEnvelope(codes: ErrorCode[]) {
  return {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: codes },
          message: { type: "string", description: "For people: what went wrong and what to do." },
          details: { description: "For programs: the fields or limits involved, when there are any." },
        },
      },
    },
  };
}
