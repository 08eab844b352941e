// The OpenAPI 3.1 document, generated from the operation table (lib/openapi/operations.ts) and
// the zod schemas that validate requests and shape responses, so the reference cannot drift from
// what the server does.
import { z } from "zod";
import { wrapperErrors, errorResponses, type Caller } from "./errors";
import { idDescription, OPERATIONS, TAGS, type Operation } from "./operations";

type JsonSchema = Record<string, unknown>;

function schema(type: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { target: "draft-2020-12", io, unrepresentable: "any" });
  return rest;
}

function json(body: z.ZodType | JsonSchema, io: "input" | "output" = "output", example?: Record<string, unknown> | Record<string, unknown>[]) {
  return { "application/json": { schema: body instanceof z.ZodType ? schema(body, io) : body, ...(example ? { example } : {}) } };
}

function security(caller: Caller) {
  switch (caller.kind) {
    case "public":
      return [];
    case "session":
      return [{ sessionCookie: [] }];
    case "key":
      return [{ bearerAuth: [] }, { apiKeyHeader: [] }];
    case "sessionOrKey":
      return [{ sessionCookie: [] }, { bearerAuth: [] }, { apiKeyHeader: [] }];
  }
}

function parameters(operation: Operation) {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    description: idDescription(operation.path),
    // Membership ids made by the teams migration are not UUIDs; every other id is.
    schema: operation.path.startsWith("/api/v1/members/") ? { type: "string" } : { type: "string", format: "uuid" },
  }));
  const query = operation.query ? (schema(operation.query, "input").properties ?? {}) as Record<string, JsonSchema> : {};
  const inQuery = Object.entries(query).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: false, ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
  return [...inPath, ...inQuery];
}

function describeOperation(operation: Operation) {
  const [status, description, body] = operation.ok;
  const write = operation.method !== "get";
  const codes = [
    ...wrapperErrors(operation.caller, write, { body: operation.body !== undefined, query: operation.query !== undefined }),
    ...(operation.reauth ? (["reauthentication_required"] as const) : []),
    ...(operation.errors ?? []),
  ];
  const params = parameters(operation);
  const caller = operation.caller;
  const keyed = caller.kind === "key" || caller.kind === "sessionOrKey";
  const scope = caller.kind === "key" || caller.kind === "sessionOrKey" ? caller.scope : null;
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description || operation.reauth ? { description: [operation.description, operation.reauth ? REAUTH_NOTE : null].filter(Boolean).join("\n\n") } : {}),
    ...(operation.reauth ? { "x-requires-reauthentication": true } : {}),
    security: security(operation.caller),
    ...(scope ? { "x-required-scope": scope } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(operation.body ? { requestBody: { required: !operation.bodyOptional, content: json(operation.body, "input", operation.example) } } : {}),
    responses: {
      [String(status)]: { description, ...(keyed ? { headers: RATE_LIMIT_HEADERS } : {}), ...(body ? { content: json(body) } : {}) },
      ...errorResponses(codes),
    },
  };
}

const REAUTH_NOTE =
  "**Sudo mode:** needs a proof of identity within `REAUTH_WINDOW_MINUTES` (default 120 minutes; signing in counts). Otherwise `403 reauthentication_required` and nothing changes: `POST /api/v1/account/reauth`, then send the request again.";

/** Sent on every answer to an API key past the limiter (lib/ratelimit/key-limits.ts). */
const RATE_LIMIT_HEADERS = Object.fromEntries(
  ["RateLimit-Policy", "RateLimit", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"].map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

function paths() {
  const result: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    result[operation.path] = { ...result[operation.path], [operation.method]: describeOperation(operation) };
  }
  return result;
}

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "SOC Platform API",
      version: "1.0.0",
      description: [
        "Manage API keys with your browser session; call the platform with `Authorization: Bearer sk_live_...` (or `X-API-Key: sk_live_...`).",
        'Errors always use one envelope: `{ "error": { "code", "message", "details"? } }`. Each operation lists the codes it can answer; besides those, any operation may answer `500 internal_error`, and a method a path does not take answers `405 method_not_allowed` with an `Allow` header.',
      ].join("\n\n"),
    },
    servers: [{ url: "/", description: "This server." }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "Signed-in browser session (for key management); `__Secure-next-auth.session-token` when the console is served over https. It names a server-side session, so signing out ends every copy of it. " +
            "Get one as the sign-in page does: `GET /api/auth/csrf`, then `POST /api/auth/callback/credentials` (form-encoded `csrfToken`, `email`, `password`, and for a user with a second factor `otp`: a current authenticator code or a recovery code). " +
            "A user with a second factor who sends no `otp` gets no cookie and the error code `otp_required` (in the answer's `url`, `?error=otp_required`); a wrong or used code gets `otp_invalid`. " +
            "A passkey signs in on its own through `POST /api/auth/callback/passkey` (`response`: the assertion for the options of `POST /api/v1/passkeys/authentication-options`).",
        },
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "sk_live_...", description: "An API key: `Authorization: Bearer sk_live_...`." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "The same API key in `X-API-Key`, for clients that cannot set `Authorization`." },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } },
        "RateLimit-Policy": { description: 'With an API key: both windows, e.g. `"minute";q=60;w=60, "day";q=1000;w=86400`.', schema: { type: "string" } },
        RateLimit: { description: 'With an API key: what remains of each window and seconds to its reset, e.g. `"minute";r=59;t=42, "day";r=999;t=3600`.', schema: { type: "string" } },
        "X-RateLimit-Limit": { description: "With an API key: requests allowed in the minute window.", schema: { type: "integer" } },
        "X-RateLimit-Remaining": { description: "With an API key: requests left in the minute window.", schema: { type: "integer" } },
        "X-RateLimit-Reset": { description: "With an API key: when the minute window resets, in Unix seconds.", schema: { type: "integer" } },
      },
    },
    paths: paths(),
  };
}
