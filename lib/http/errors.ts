// The one error envelope, { error: { code, message, details? } }, and the one table that
// decides each code's HTTP status. Every handler error ends up here.
import type { ZodError } from "zod";

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  invalid_api_key: 401,
  key_revoked: 401,
  key_expired: 401,
  forbidden: 403,
  two_factor_required: 403,
  cross_site_request: 403,
  insufficient_scope: 403,
  ip_not_allowed: 403,
  reauthentication_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  name_taken: 409,
  key_limit_reached: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorEnvelope = {
  error: { code: ErrorCode; message: string; details?: unknown };
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A zod failure as a 400 that names each offending field. */
export function validationError(error: ZodError, what = "request body"): ApiError {
  const issues = error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    // Name each unknown field, so a typo like expires_in_day is pointed at, not just refused.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: `Unknown field "${key}".` }));
    }
    return [{ path, message: issue.message }];
  });
  const fields = [...new Set(issues.map((issue) => issue.path || "(root)"))];
  return new ApiError("invalid_request", `Invalid ${what}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`, {
    details: { fields, issues },
  });
}

export function errorResponse(error: ApiError): Response {
  const body: ErrorEnvelope = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return Response.json(body, { status: error.status, headers: error.headers });
}

/**
 * Turns anything thrown into a response. Unknown errors are logged (message and stack only,
 * never request bodies) and answered with a bare 500.
 */
export function toErrorResponse(error: unknown, context: string): Response {
  if (error instanceof ApiError) return errorResponse(error);
  const described = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  console.error(`[${context}] unhandled error: ${redactSecrets(described)}`);
  return errorResponse(new ApiError("internal_error", "Something went wrong on our side. Try again, and contact support if it persists."));
}

const KEY_PATTERN = /sk_live_[0-9A-Za-z]{8,}/g;

/** Masks anything shaped like an API key before it can reach a log line. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, "sk_live_[REDACTED]");
}
