// The OpenAPI 3.1 document, generated from the zod schemas that validate requests and shape
// responses, so the reference cannot drift from what the server does.
import { z } from "zod";
import { signupSchema } from "@/lib/auth/schemas";
import { auditEventListResponseSchema, listAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { ERROR_STATUS } from "@/lib/http/errors";
import { meResponseSchema } from "@/lib/keys/me";
import { sessionListResponseSchema } from "@/lib/sessions/view";
import { usageResponseSchema } from "@/lib/usage/report";
import { changePasswordSchema, passwordChangedResponseSchema, profileResponseSchema, updateProfileSchema } from "@/lib/users/schemas";
import {
  createdKeyResponseSchema,
  createKeyRequestSchema,
  keyListResponseSchema,
  keyResponseSchema,
  listKeysQuerySchema,
  rotateKeyRequestSchema,
} from "@/lib/keys/schemas";

type JsonSchema = Record<string, unknown>;

function schema(type: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { target: "draft-2020-12", io, unrepresentable: "any" });
  return rest;
}

const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: Object.entries(ERROR_STATUS)
          .filter(([, s]) => s === status)
          .map(([code]) => code)
          .join(", "),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

function json(description: string, body: z.ZodType) {
  return { description, content: { "application/json": { schema: schema(body) } } };
}

function queryParameters(query: z.ZodObject) {
  const properties = (schema(query, "input").properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

const sessionIdParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const keyIdParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const session = [{ sessionCookie: [] }];
const sessionOrKey = [{ sessionCookie: [] }, { bearerAuth: [] }];
const key = [{ bearerAuth: [] }];
const KEY_ERRORS = [401, 403, 429];
const RATE_LIMIT_NOTE =
  " With an API key, every response carries RateLimit-Policy and RateLimit (both windows) and X-RateLimit-Limit/Remaining/Reset (minute window); a 429 carries Retry-After.";
const WRITE_ERRORS = [400, 401, 403, 413, 415];

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "SOC Platform API",
      version: "1.0.0",
      description:
        "Manage API keys with your browser session; call the platform with `Authorization: Bearer sk_live_...`. Errors always use one envelope: `{ \"error\": { \"code\", \"message\", \"details\"? } }`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "Signed-in browser session (for key management); `__Secure-next-auth.session-token` when the console is served over https. It names a server-side session, so signing out ends every copy of it.",
        },
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "sk_live_..." },
      },
      schemas: { Error: schema(errorEnvelopeSchema) },
    },
    paths: {
      "/api/health": {
        get: { summary: "Health check", responses: { "200": json("The app and its database are up.", z.object({ status: z.string() })), ...errorResponses(503) } },
      },
      "/api/v1/signup": {
        post: {
          summary: "Create an account",
          requestBody: { required: true, content: { "application/json": { schema: schema(signupSchema, "input") } } },
          description:
            "Limited per client address (SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR, default 10) and for the whole service (SIGNUP_LIMIT_PER_HOUR); refused with 429 and Retry-After. 503 with Retry-After when the instance is already checking as many passwords as it can.",
          responses: { "201": { description: "Account created." }, ...errorResponses(...WRITE_ERRORS.filter((s) => s !== 401), 409, 429, 503) },
        },
      },
      "/api/v1/keys": {
        get: {
          summary: "List API keys",
          description: "The account's keys, newest first, never with a secret. Active keys unless `status` says otherwise. With an API key it needs keys:read." + RATE_LIMIT_NOTE,
          security: sessionOrKey,
          parameters: queryParameters(listKeysQuerySchema),
          responses: { "200": json("The keys.", keyListResponseSchema), ...errorResponses(400, ...KEY_ERRORS) },
        },
        post: {
          summary: "Create an API key",
          description:
            "Generates a new API key. The full secret is returned exactly once: save it immediately; later reads return only the preview. Use descriptive, deployment-aware names (prod-splunk-2026q2, staging-sentinel, tom-laptop-dev). Pass expires_in_days for time-bounded keys; omit it for keys that never expire. Tier comes from the account; scopes default to the tier's full set.",
          security: session,
          requestBody: { required: true, content: { "application/json": { schema: schema(createKeyRequestSchema, "input") } } },
          responses: { "201": json("The key, with its secret shown this once.", createdKeyResponseSchema), ...errorResponses(...WRITE_ERRORS, 409) },
        },
      },
      "/api/v1/keys/{id}": {
        parameters: [keyIdParameter],
        get: { summary: "Read an API key", security: session, responses: { "200": json("The key.", keyResponseSchema), ...errorResponses(401, 404) } },
        delete: {
          summary: "Revoke an API key",
          description: "Integrations using the key stop working at once. Revoking again answers the same.",
          security: session,
          responses: { "200": json("The revoked key.", keyResponseSchema), ...errorResponses(401, 403, 404) },
        },
      },
      "/api/v1/keys/{id}/rotate": {
        parameters: [keyIdParameter],
        post: {
          summary: "Rotate (roll) an API key",
          description:
            "A new key with the same name, scopes and expiry policy, shown once. The old key keeps working until the grace period ends, and until then it counts towards the tier's limit of active keys: at that limit a rotation with a grace period is refused with 409 key_limit_reached (revoke a key, or rotate with no grace period, which replaces the old key at once).",
          security: session,
          requestBody: { required: false, content: { "application/json": { schema: schema(rotateKeyRequestSchema, "input") } } },
          responses: { "201": json("The new key, with its secret shown this once.", createdKeyResponseSchema), ...errorResponses(...WRITE_ERRORS, 404, 409) },
        },
      },
      "/api/v1/account": {
        get: { summary: "Your profile", security: session, responses: { "200": json("The signed-in user and their account.", profileResponseSchema), ...errorResponses(401) } },
        patch: {
          summary: "Rename yourself",
          security: session,
          requestBody: { required: true, content: { "application/json": { schema: schema(updateProfileSchema, "input") } } },
          responses: { "200": json("The profile as saved.", profileResponseSchema), ...errorResponses(...WRITE_ERRORS) },
        },
      },
      "/api/v1/account/password": {
        post: {
          summary: "Change your password",
          description:
            "Needs the current password, checked under the same budget as sign-in (5 wrong per 15 minutes, then 429). Every other session of this user is signed out; this one stays.",
          security: session,
          requestBody: { required: true, content: { "application/json": { schema: schema(changePasswordSchema, "input") } } },
          responses: { "200": json("Changed.", passwordChangedResponseSchema), ...errorResponses(...WRITE_ERRORS, 429, 503) },
        },
      },
      "/api/v1/sessions": {
        get: {
          summary: "Your signed-in sessions",
          description: "Every live browser session of the signed-in user: where it signed in from, when it was last used, when it ends at the latest.",
          security: session,
          responses: { "200": json("The sessions, this one first.", sessionListResponseSchema), ...errorResponses(401) },
        },
      },
      "/api/v1/sessions/{id}": {
        parameters: [sessionIdParameter],
        delete: {
          summary: "Sign a session out",
          description: "That browser's cookie stops working at once, every copy of it. Another user's session answers 404.",
          security: session,
          responses: { "204": { description: "Signed out." }, ...errorResponses(401, 403, 404) },
        },
      },
      "/api/v1/sessions/revoke-others": {
        post: {
          summary: "Sign out everywhere else",
          description: "Ends every session of the signed-in user except the one making the request.",
          security: session,
          responses: { "200": json("How many were ended.", z.object({ data: z.object({ ended: z.number().int() }) })), ...errorResponses(401, 403) },
        },
      },
      "/api/v1/audit-events": {
        get: {
          summary: "List audit events",
          description:
            "Who created, revoked or rotated which key, when and from where. Newest first, paged back with cursor; or, for SIEM pollers, with since: events after that position in the order they happened, so passing next_since each time sees every event exactly once. With an API key it needs audit:read." +
            RATE_LIMIT_NOTE,
          security: sessionOrKey,
          parameters: queryParameters(listAuditEventsQuerySchema),
          responses: { "200": json("A page of events.", auditEventListResponseSchema), ...errorResponses(400, ...KEY_ERRORS) },
        },
      },
      "/api/v1/me": {
        get: {
          summary: "The calling key",
          description: "Which key this is, what it may do and what remains of its limits. Any valid key." + RATE_LIMIT_NOTE,
          security: key,
          responses: { "200": json("The key.", meResponseSchema), ...errorResponses(...KEY_ERRORS) },
        },
      },
      "/api/v1/usage": {
        get: {
          summary: "Daily usage per key",
          description: "Requests per key per UTC day over the last 30 days. Needs usage:read (pro)." + RATE_LIMIT_NOTE,
          security: key,
          responses: { "200": json("Usage per key.", usageResponseSchema), ...errorResponses(...KEY_ERRORS) },
        },
      },
    },
  };
}
