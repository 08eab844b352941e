// Every operation of the API, one entry each: who may call it, what it reads, what it answers
// and the error codes its handler throws itself (the wrapper's own refusals are added by
// lib/openapi/errors.ts). Adding an operation is adding an entry here.
import { z } from "zod";
import { TIERS } from "@/lib/accounts/tiers";
import { signupSchema } from "@/lib/auth/schemas";
import { auditEventListResponseSchema, listAuditEventsQuerySchema } from "@/lib/audit/schemas";
import type { ErrorCode } from "@/lib/http/errors";
import { meResponseSchema } from "@/lib/keys/me";
import {
  createdKeyResponseSchema,
  createKeyRequestSchema,
  keyListResponseSchema,
  keyResponseSchema,
  listKeysQuerySchema,
  rotatedKeyResponseSchema,
  rotateKeyRequestSchema,
  updatedKeyResponseSchema,
  updateKeyRequestSchema,
} from "@/lib/keys/schemas";
import {
  githubAlertsSchema,
  githubFeedbackSchema,
  leakPolicyResponseSchema,
  reportLeakRequestSchema,
  reportLeakResponseSchema,
  updateLeakPolicyRequestSchema,
} from "@/lib/leaks/schemas";
import {
  addedPasskeyResponseSchema,
  addPasskeyRequestSchema,
  authenticationOptionsResponseSchema,
  passkeyListResponseSchema,
  passkeyResponseSchema,
  registrationOptionsResponseSchema,
  renamePasskeyRequestSchema,
} from "@/lib/passkeys/schemas";
import { reauthOptionsResponseSchema, reauthRequestSchema, reauthStatusResponseSchema } from "@/lib/reauth/schemas";
import {
  listNotificationsQuerySchema,
  markReadRequestSchema,
  notificationListResponseSchema,
  unreadCountResponseSchema,
} from "@/lib/notifications/schemas";
import { sessionListResponseSchema } from "@/lib/sessions/view";
import { keyUsageQuerySchema, keyUsageResponseSchema } from "@/lib/usage/key-report";
import { usageResponseSchema } from "@/lib/usage/report";
import {
  codeInputSchema,
  recoveryCodesResponseSchema,
  totpEnabledResponseSchema,
  totpEnrolmentResponseSchema,
  twoFactorStatusResponseSchema,
} from "@/lib/two-factor/schemas";
import { notificationSettingsResponseSchema, updateNotificationSettingsSchema } from "@/lib/mail/schemas";
import { accountChoiceSchema, changeRoleRequestSchema, joinRequestSchema, memberViewSchema, switchAccountRequestSchema } from "@/lib/members/schemas";
import { createdInvitationMetaSchema, createInvitationRequestSchema, invitationViewSchema } from "@/lib/invitations/schemas";
import { policyViewSchema, updatePoliciesRequestSchema } from "@/lib/policies/schemas";
import { changePasswordSchema, passwordChangedResponseSchema, profileResponseSchema, updateProfileSchema } from "@/lib/users/schemas";
import {
  createdWebhookResponseSchema,
  createWebhookRequestSchema,
  deliveryListResponseSchema,
  deliveryResponseSchema,
  listDeliveriesQuerySchema,
  updateWebhookRequestSchema,
  webhookListResponseSchema,
  webhookResponseSchema,
} from "@/lib/webhooks/schemas";
import { anyKey, key, member, PUBLIC, SESSION, sessionOrKey, USER, type Caller } from "./errors";

export type Operation = {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  /** Markdown. */
  description?: string;
  caller: Caller;
  query?: z.ZodObject | z.ZodType;
  /** A JSON body; `optional` when an empty request is accepted. */
  body?: z.ZodType;
  bodyOptional?: boolean;
  /** A request body the examples (curl, fetch) show instead of one made up from the schema. */
  example?: Record<string, unknown> | Record<string, unknown>[];
  /** The success answer: its status, description and body (none for 204). */
  ok: [status: 200 | 201 | 202 | 204, description: string, body?: z.ZodType | Record<string, unknown>];
  /** Codes the handler itself throws, beyond what the wrapper and request parsing refuse. */
  errors?: ErrorCode[];
  /** Sudo mode: the wrapper refuses it with 403 reauthentication_required outside the window. */
  reauth?: boolean;
};

export const TAGS = {
  Keys: "Create, list, rotate and revoke the account's API keys.",
  Audit: "Who did what to which key, when and from where; for people and SIEM pollers.",
  Usage: "Requests per key per day.",
  Account: "The signed-in user, their password and their browser sessions.",
  Service: "Sign-up, health and this document.",
  Leaks: "Keys found in public: GitHub's secret-scanning alerts, public reports, and the account's leak policy.",
  Notifications: "What the account is told: expiry reminders, exposed keys, new sources and key changes, in the console (and by webhook and e-mail).",
  Webhooks: "Endpoints that receive the account's key events as signed HTTP POSTs (Standard Webhooks), and their deliveries.",
  Members:
    "The people of an account and their roles (owner, admin, member, viewer), invitations, the account's policies, and which account a session acts on. Account routes answer `403 forbidden` with `details.permission` when the caller's role lacks it, and `404` for another account's objects.",
} as const;
export type Tag = keyof typeof TAGS;

const ID_PARAMETERS: Record<string, string> = {
  "/api/v1/keys/{id}": "The API key's `id`.",
  "/api/v1/sessions/{id}": "The session's `id`, from `GET /api/v1/sessions`.",
  "/api/v1/account/passkeys/{id}": "The passkey's `id`, from `GET /api/v1/account/passkeys`.",
  "/api/v1/webhooks/{id}/deliveries/{delivery_id}":
    "`id`: the webhook endpoint's `id`; `delivery_id`: the delivery's `id`, from `GET /api/v1/webhooks/{id}/deliveries`.",
  "/api/v1/webhooks/{id}": "The webhook endpoint's `id`, from `GET /api/v1/webhooks`.",
  "/api/v1/members/{id}": "The membership's `id`, from `GET /api/v1/members`.",
  "/api/v1/invitations/{id}": "The invitation's `id`, from `GET /api/v1/invitations`.",
};
/** The description of a path's `{id}`, by the path it belongs to. */
export function idDescription(path: string): string {
  const owner = Object.keys(ID_PARAMETERS).find((prefix) => path.startsWith(prefix));
  return owner ? (ID_PARAMETERS[owner] ?? "") : "";
}

const signupResponseSchema = z.object({
  data: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    account: z.object({ id: z.uuid(), tier: z.enum(TIERS) }),
  }),
});

const healthResponseSchema = z.union([
  z.object({ status: z.literal("ok") }),
  z.object({ status: z.literal("degraded"), degraded: z.array(z.string()), message: z.string() }),
]);

const RATE_LIMITED =
  "\n\nEvery answer to a key carries `RateLimit-Policy` and `RateLimit` (both windows) and `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the minute window); a 429 carries `Retry-After`.";
const PASSWORD_GATE = "A `503` with `Retry-After` means the instance is already checking as many passwords as it can.";

export const OPERATIONS: Operation[] = [
  {
    method: "get", path: "/api/health", operationId: "getHealth", tag: "Service", caller: PUBLIC,
    summary: "Health check",
    description: "`ok` when the database (and Redis, when configured) answers; `degraded` naming Redis when only Redis is away.",
    ok: [200, "The app and its database are up.", healthResponseSchema],
    errors: ["service_unavailable"],
  },
  {
    method: "get", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", tag: "Service", caller: PUBLIC,
    summary: "This document",
    ok: [200, "The OpenAPI 3.1 document of this API.", { type: "object" }],
  },
  {
    method: "post", path: "/api/v1/signup", operationId: "signUp", tag: "Service", caller: PUBLIC,
    summary: "Create an account",
    description:
      "A free-tier account and its first user. Limited per client address (`SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR`, default 10) and for the whole service (`SIGNUP_LIMIT_PER_HOUR`): beyond that `429` with `Retry-After`. " +
      PASSWORD_GATE,
    body: signupSchema,
    example: { email: "ada@example.com", password: "correct horse battery staple", name: "Ada Lovelace" },
    ok: [201, "Account created.", signupResponseSchema],
    errors: ["conflict", "rate_limited", "service_unavailable"],
  },
  {
    method: "get", path: "/api/v1/keys", operationId: "listApiKeys", tag: "Keys", caller: sessionOrKey("keys:read"),
    summary: "List API keys",
    description:
      "The account's keys, newest first, never with a secret. Active keys unless `status` says otherwise. `created_by` narrows to one creator's keys, or (`left`) to the keys of people who are no longer members: they keep working, since the account owns them. With an API key it needs `keys:read`." +
      RATE_LIMITED,
    query: listKeysQuerySchema,
    ok: [200, "The keys.", keyListResponseSchema],
  },
  {
    method: "post", path: "/api/v1/keys", operationId: "createApiKey", tag: "Keys", caller: member("keys:create"),
    summary: "Create an API key",
    description:
      "Generates a new API key. **The full secret is returned exactly once**: save it immediately; later reads return only the preview.\n\n" +
      "Use descriptive, deployment-aware names (`prod-splunk-2026q2`, `staging-sentinel`, `tom-laptop-dev`). Pass `expires_in_days` for time-bounded keys; omit it for keys that never expire. Tier comes from the account; `scopes` default to the tier's full set. `allowed_ips` restricts where the key may be used from.\n\n" +
      "The key belongs to the session's current account (owners, admins and members may create keys; `created_by` is the caller). When the account's policy sets `max_key_lifetime_days`, a key must expire within it: a longer `expires_in_days`, `null` or none answers `400 invalid_request` with `details.policy` `max_key_lifetime_days`.",
    body: createKeyRequestSchema,
    example: { name: "prod-splunk-2026q2", expires_in_days: 90, scopes: ["audit:read"], allowed_ips: ["203.0.113.0/24"] },
    ok: [201, "The key, with its secret shown this once.", createdKeyResponseSchema],
    errors: ["name_taken", "key_limit_reached"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/keys/{id}", operationId: "getApiKey", tag: "Keys", caller: SESSION,
    summary: "Read an API key",
    ok: [200, "The key.", keyResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "patch", path: "/api/v1/keys/{id}", operationId: "updateApiKey", tag: "Keys", caller: member("keys:manage_own"),
    summary: "Rename an API key or change where it may be used from",
    description:
      "Send `name`, `allowed_ips`, or both; what you leave out stays as it is. `allowed_ips` lists up to 20 IPv4/IPv6 addresses or CIDR ranges; `null` or `[]` means anywhere. " +
      "Entries are parsed strictly (IPv4 is four decimal numbers; a range with host bits set is refused with the range it probably means). " +
      "A request from elsewhere is then refused with `403 ip_not_allowed`, from the very next request on every instance. " +
      "Only an active key can change (`409 conflict` otherwise). Each change is audited as `api_key.updated` with the values before and after. " +
      "Changing `allowed_ips` is a sensitive change (sudo mode): outside `REAUTH_WINDOW_MINUTES` it answers `403 reauthentication_required` and changes nothing; a rename alone never does.",
    body: updateKeyRequestSchema,
    example: { name: "prod-splunk-2026q4", allowed_ips: ["203.0.113.0/24", "2001:db8:42::/48"] },
    ok: [200, "The key as it is now; `meta.name_warning` when the new name says nothing about where it is used.", updatedKeyResponseSchema],
    errors: ["not_found", "conflict", "name_taken", "reauthentication_required"],
  },
  {
    method: "delete", path: "/api/v1/keys/{id}", operationId: "revokeApiKey", tag: "Keys", caller: member("keys:manage_own"),
    summary: "Revoke an API key",
    description: "Integrations using the key stop working at once. Revoking again answers the same.",
    ok: [200, "The revoked key.", keyResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "post", path: "/api/v1/keys/{id}/rotate", operationId: "rotateApiKey", tag: "Keys", caller: member("keys:manage_own"),
    summary: "Rotate (roll) an API key",
    description:
      "A new key with the same name, scopes, allowed addresses and expiry policy, shown once. The old key keeps working until the grace period ends (`meta.rotated_from.stops_working_at`), and until then it counts towards the tier's limit of active keys: at that limit a rotation with a grace period is refused with `409 key_limit_reached` (revoke a key, or rotate with no grace period, which replaces the old key at once). A revoked, expired or already rotated key answers `409 conflict`, with one exception: a key revoked because it was found in public (`exposed_at`) and not yet replaced rotates once, with no grace period, into its replacement (it stays revoked; `409 name_taken` if a key made since holds its name).",
    body: rotateKeyRequestSchema,
    example: { grace_period_hours: 24 },
    bodyOptional: true,
    ok: [201, "The new key, with its secret shown this once.", rotatedKeyResponseSchema],
    errors: ["not_found", "conflict", "key_limit_reached", "name_taken"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/account", operationId: "getProfile", tag: "Account", caller: USER,
    summary: "Your profile",
    ok: [200, "The signed-in user and their account.", profileResponseSchema],
  },
  {
    method: "patch", path: "/api/v1/account", operationId: "updateProfile", tag: "Account", caller: USER,
    summary: "Rename yourself",
    body: updateProfileSchema,
    example: { name: "Ada Lovelace" },
    ok: [200, "The profile as saved.", profileResponseSchema],
  },
  {
    method: "get", path: "/api/v1/account/notification-settings", operationId: "getNotificationSettings", tag: "Account", caller: USER,
    summary: "Your e-mail notification preferences",
    description:
      "Which notifications you also get by e-mail, at your sign-in address: `expiry` (key.expiring 14, 7 and 1 days before, key.expired, key.grace_ending), `exposure` (key.exposed) and `new_source` (key.new_source). All on by default. `configured` is false when this server sends no e-mail (no `SMTP_URL`); notifications then appear in the console and on webhooks only.",
    ok: [200, "The preferences.", notificationSettingsResponseSchema],
  },
  {
    method: "patch", path: "/api/v1/account/notification-settings", operationId: "updateNotificationSettings", tag: "Account", caller: USER,
    summary: "Turn e-mail notifications on or off",
    description:
      "Changes only the preferences sent (at least one); the others keep their value. Turning one off is a sensitive change (sudo mode: a stolen session must not mute alerts): outside `REAUTH_WINDOW_MINUTES` it answers `403 reauthentication_required` and changes nothing. Turning them on never asks.",
    body: updateNotificationSettingsSchema,
    example: { email: { new_source: false } },
    ok: [200, "The preferences as saved.", notificationSettingsResponseSchema],
    errors: ["reauthentication_required"],
  },
  {
    method: "post", path: "/api/v1/account/password", operationId: "changePassword", tag: "Account", caller: USER,
    summary: "Change your password",
    description:
      "Needs the current password, checked under the same budget as sign-in (5 wrong per 15 minutes, then `429`). Every other session of this user is signed out; this one stays. " + PASSWORD_GATE,
    body: changePasswordSchema,
    example: { current_password: "correct horse battery staple", new_password: "a new and longer passphrase" },
    ok: [200, "Changed.", passwordChangedResponseSchema],
    errors: ["rate_limited", "service_unavailable"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/account/two-factor", operationId: "getTwoFactorStatus", tag: "Account", caller: USER,
    summary: "Your second factors",
    description: "Whether an authenticator app is on and how many recovery codes are unused. Never a secret or a code.",
    ok: [200, "The status.", twoFactorStatusResponseSchema],
  },
  {
    method: "post", path: "/api/v1/account/two-factor/totp", operationId: "startTotpEnrolment", tag: "Account", caller: USER,
    summary: "Set up an authenticator app",
    description:
      "A new secret (SHA-1, 6 digits, 30 s) with its `otpauth://` URL and QR code, shown this once. It is pending for 15 minutes until `POST /api/v1/account/two-factor/totp/confirm` gets a code from it; calling again replaces it. `409` when the app is already on.",
    ok: [200, "The pending secret.", totpEnrolmentResponseSchema],
    errors: ["conflict"],
    reauth: true,
  },
  {
    method: "post", path: "/api/v1/account/two-factor/totp/confirm", operationId: "confirmTotpEnrolment", tag: "Account", caller: USER,
    summary: "Turn the authenticator app on",
    description:
      "A code from the pending secret turns the app on; sign-in then asks for a code. The first second factor comes with ten recovery codes, shown this once (`null` when you already have some). Wrong codes count against 5 per 15 minutes, then `429`. `409` when no set-up is pending or it expired.",
    body: codeInputSchema,
    example: { code: "123456" },
    ok: [201, "On.", totpEnabledResponseSchema],
    errors: ["conflict", "rate_limited"],
    reauth: true,
  },
  {
    method: "delete", path: "/api/v1/account/two-factor/totp", operationId: "disableTotp", tag: "Account", caller: USER,
    summary: "Turn the authenticator app off",
    description:
      "Needs a current code from the app or a recovery code (each works once). Recovery codes are dropped unless a passkey remains. Wrong codes count against 5 per 15 minutes, then `429`.",
    body: codeInputSchema,
    example: { code: "123456" },
    ok: [204, "Off."],
    errors: ["conflict", "rate_limited"],
    reauth: true,
  },
  {
    method: "post", path: "/api/v1/account/two-factor/recovery-codes", operationId: "regenerateRecoveryCodes", tag: "Account", caller: USER,
    summary: "New recovery codes",
    description: "Ten new single-use codes, shown this once; every earlier code stops working. `409` without a second factor.",
    ok: [201, "The new codes.", recoveryCodesResponseSchema],
    errors: ["conflict"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/sessions", operationId: "listSessions", tag: "Account", caller: USER,
    summary: "Your signed-in sessions",
    description: "Every live browser session of the signed-in user: where it signed in from, when it was last used, when it ends at the latest.",
    ok: [200, "The sessions, this one first.", sessionListResponseSchema],
  },
  {
    method: "delete", path: "/api/v1/sessions/{id}", operationId: "endSession", tag: "Account", caller: USER,
    summary: "Sign a session out",
    description: "That browser's cookie stops working at once, every copy of it. Another user's session, or an ended one, answers `404`.",
    ok: [204, "Signed out."],
    errors: ["not_found"],
  },
  {
    method: "post", path: "/api/v1/sessions/revoke-others", operationId: "endOtherSessions", tag: "Account", caller: USER,
    summary: "Sign out everywhere else",
    description: "Ends every session of the signed-in user except the one making the request.",
    ok: [200, "How many were ended.", z.object({ data: z.object({ ended: z.number().int() }) })],
  },
  {
    method: "get", path: "/api/v1/account/reauth", operationId: "getReauthStatus", tag: "Account", caller: USER,
    summary: "When this session last confirmed it is you",
    description: "Sensitive changes need a proof of identity within `REAUTH_WINDOW_MINUTES` (default 120): the sign-in counts, then each re-authentication.",
    ok: [200, "The window and the proofs this user can give.", reauthStatusResponseSchema],
  },
  {
    method: "post", path: "/api/v1/account/reauth", operationId: "reauthenticate", tag: "Account", caller: USER,
    summary: "Confirm it is you (sudo mode)",
    description:
      "Opens the window for sensitive changes again (creating or rotating a key, changing its allowed addresses, the leak policy, the password, second factors). " +
      "Send exactly one proof: `password`, `otp` (an authenticator code or a recovery code) or `passkey` (an assertion for the options of `POST /api/v1/account/reauth/options`). " +
      "Wrong proofs are counted like sign-in attempts: `429` with `Retry-After` once the budget is spent. Revoking a key never needs this.",
    body: reauthRequestSchema,
    example: { password: "correct horse battery staple" },
    ok: [204, "Confirmed: sensitive changes are allowed until `valid_until` of `GET /api/v1/account/reauth`."],
    errors: ["rate_limited", "service_unavailable"],
  },
  {
    method: "post", path: "/api/v1/account/reauth/options", operationId: "getReauthPasskeyOptions", tag: "Account", caller: USER,
    summary: "A passkey challenge to confirm it is you",
    description: "WebAuthn request options naming only your passkeys; answer within 5 minutes with `POST /api/v1/account/reauth` `{ \"passkey\": ... }`. `409` when you have no passkey.",
    ok: [200, "The options.", reauthOptionsResponseSchema],
    errors: ["conflict"],
  },
  {
    method: "get", path: "/api/v1/audit-events", operationId: "listAuditEvents", tag: "Audit", caller: sessionOrKey("audit:read"),
    summary: "List audit events",
    description:
      "Who created, changed, revoked or rotated which key, when and from where. Newest first, paged back with `cursor`; or, for SIEM pollers, with `since`: events after that position in the order they happened, so passing `next_since` each time sees every event exactly once. With an API key it needs `audit:read`." +
      RATE_LIMITED,
    query: listAuditEventsQuerySchema,
    ok: [200, "A page of events.", auditEventListResponseSchema],
  },
  {
    method: "get", path: "/api/v1/me", operationId: "getCallingKey", tag: "Keys", caller: anyKey,
    summary: "The calling key",
    description: "Which key this is, what it may do and what remains of its limits. Any valid key." + RATE_LIMITED,
    ok: [200, "The key.", meResponseSchema],
  },
  {
    method: "get", path: "/api/v1/usage", operationId: "getUsage", tag: "Usage", caller: key("usage:read"),
    summary: "Daily usage per key",
    description: "Requests per key per UTC day over the last 30 days. Needs `usage:read` (pro tier)." + RATE_LIMITED,
    ok: [200, "Usage per key.", usageResponseSchema],
  },
  {
    method: "get", path: "/api/v1/keys/{id}/usage", operationId: "getApiKeyUsage", tag: "Usage", caller: sessionOrKey("usage:read"),
    summary: "One key's usage, refusals and source addresses",
    description:
      "Requests served and refused by reason (`rate_limited`, `ip_not_allowed`, `insufficient_scope`) per UTC day, oldest first with every day present, and the addresses the key was used from, served or refused, with first and last seen. " +
      "At most 100 addresses are kept per key and day; uses from further addresses are summed in `other_source_requests`. Counts reach this answer within one flush (5 seconds). " +
      "With an API key it needs `usage:read` (pro tier)." + RATE_LIMITED,
    query: keyUsageQuerySchema,
    ok: [200, "The key's usage.", keyUsageResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "post", path: "/api/v1/secret-scanning/github", operationId: "receiveGithubSecretScanningAlerts", tag: "Leaks", caller: PUBLIC,
    summary: "GitHub secret-scanning alerts",
    description:
      "For GitHub's secret-scanning partner program: tokens of our format found in public, up to 1,000 per delivery (1 MB). Signed by GitHub: `Github-Public-Key-Identifier` names the key and `Github-Public-Key-Signature` is base64 of an ECDSA P-256 SHA-256 signature (DER) over the raw body, checked before the body is read as JSON; a missing, wrong or unknown signature, or a body changed after signing, answers `401` and changes nothing. " +
      "Each of our keys in the batch is marked exposed (`exposed_at`, `exposure_url`, `exposure_source: github`, audit event `api_key.exposed`) and, under the account's leak policy `revoke`, revoked at once everywhere (`api_key.revoked`, reason `exposed`). A key already marked exposed is left alone. " +
      "The answer is GitHub's feedback format: one entry per token, in order.",
    body: githubAlertsSchema,
    example: [{ token: "sk_live_...", type: "soc_api_key", url: "https://github.com/octo/repo/blob/main/.env", source: "content" }],
    ok: [200, "One label per token: `true_positive` for our keys (live or not), `false_positive` for anything else.", githubFeedbackSchema],
    errors: ["unauthorized"],
  },
  {
    method: "post", path: "/api/v1/keys/report-leak", operationId: "reportLeakedKeys", tag: "Leaks", caller: PUBLIC,
    summary: "Report leaked keys",
    description:
      "Anyone who finds our keys in public may report up to 100 at a time, without credentials. The answer is always the same `202` with the same bytes, whether the keys were ours, live, revoked or made up, and it is sent before they are looked at. A live key among them is handled as exposed (`exposure_source: report`) under its account's leak policy. Limited per client address (`LEAK_REPORT_LIMIT_PER_MINUTE`, default 10): beyond that `429` with `Retry-After`.",
    body: reportLeakRequestSchema,
    example: { keys: ["sk_live_..."] },
    ok: [202, "Received.", reportLeakResponseSchema],
    errors: ["rate_limited"],
  },
  {
    method: "get", path: "/api/v1/keys/leak-policy", operationId: "getLeakPolicy", tag: "Leaks", caller: SESSION,
    summary: "The account's leak policy",
    description: "What a key of this account found in public does: `revoke` (the default) or `notify`.",
    ok: [200, "The policy.", leakPolicyResponseSchema],
  },
  {
    method: "patch", path: "/api/v1/keys/leak-policy", operationId: "setLeakPolicy", tag: "Leaks", caller: member("policies:manage"),
    summary: "Set the account's leak policy",
    description:
      "`revoke`: a key found in public is revoked at once, everywhere. `notify`: it keeps working, flagged with `exposed_at`. A change is audited as `account.leak_policy_changed`; keys already exposed are not changed by it.",
    body: updateLeakPolicyRequestSchema,
    example: { policy: "notify" },
    ok: [200, "The policy as saved.", leakPolicyResponseSchema],
    reauth: true,
  },
  {
    method: "post", path: "/api/v1/account/passkeys/registration-options", operationId: "passkeyRegistrationOptions", tag: "Account", caller: USER,
    summary: "Start adding a passkey",
    description:
      "Options for `navigator.credentials.create()` (pass them to `startRegistration({ optionsJSON })`): a discoverable credential with user verification required, attestation `none`, the user's passkeys excluded. The challenge is good for one answer within five minutes.",
    ok: [200, "The creation options.", registrationOptionsResponseSchema],
    reauth: true,
  },
  {
    method: "post", path: "/api/v1/account/passkeys", operationId: "addPasskey", tag: "Account", caller: USER,
    summary: "Add a passkey",
    description:
      "The authenticator's answer to the registration options, with a name (1 to 64 characters). Checked against this site's origin and RP ID, with user verification required; each challenge is used once, by the user it was issued to. The first second factor also answers ten recovery codes, shown only here (audited as `auth.passkey_added` and `auth.mfa_enabled`).",
    body: addPasskeyRequestSchema,
    example: { name: "Passkey on Chrome on macOS", response: { id: "q2Vx7nTgQ1yR0mB4sKfZpA", rawId: "q2Vx7nTgQ1yR0mB4sKfZpA", type: "public-key", clientExtensionResults: {}, response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0", attestationObject: "o2NmbXRkbm9uZQ", transports: ["internal"] } } },
    ok: [201, "The passkey, and recovery codes when it is the first second factor.", addedPasskeyResponseSchema],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/account/passkeys", operationId: "listPasskeys", tag: "Account", caller: USER,
    summary: "List passkeys",
    description: "The signed-in user's passkeys, oldest first: names and times, never key material.",
    ok: [200, "The passkeys.", passkeyListResponseSchema],
  },
  {
    method: "patch", path: "/api/v1/account/passkeys/{id}", operationId: "renamePasskey", tag: "Account", caller: USER,
    summary: "Rename a passkey",
    description: "Another user's passkey answers `404`.",
    body: renamePasskeyRequestSchema,
    example: { name: "Old laptop" },
    ok: [200, "The passkey.", passkeyResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "delete", path: "/api/v1/account/passkeys/{id}", operationId: "removePasskey", tag: "Account", caller: USER,
    summary: "Remove a passkey",
    description:
      "Audited as `auth.passkey_removed`. Removing the last second factor (no authenticator app, no passkey left) also drops the recovery codes (`auth.mfa_disabled`). Another user's passkey answers `404`.",
    ok: [204, "Removed."],
    errors: ["not_found"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/notifications", operationId: "listNotifications", tag: "Notifications", caller: SESSION,
    summary: "The account's notifications",
    description:
      "Newest first: `key.expiring` (14, 7 and 1 days before `expires_at`; a key already inside a threshold gets only the nearest), `key.expired`, `key.grace_ending` (the last hour of a rotation's grace period), `key.exposed`, `key.new_source`, `key.created`, `key.rotated`, `key.revoked`, and `webhook.disabled` (an endpoint that failed for 24 hours). " +
      "Each has a stable `id` (`msg_…`, the `webhook-id` of its webhook deliveries) and the key's id, name and preview, never the secret. `read` is per user. Reminders are found by a scan every `NOTIFY_SCAN_SECONDS` (60).",
    query: listNotificationsQuerySchema,
    ok: [200, "A page of notifications, with the unread count.", notificationListResponseSchema],
  },
  {
    method: "get", path: "/api/v1/notifications/unread-count", operationId: "countUnreadNotifications", tag: "Notifications", caller: SESSION,
    summary: "How many are unread",
    description: "What the bell in the console shows.",
    ok: [200, "The count.", unreadCountResponseSchema],
  },
  {
    method: "post", path: "/api/v1/notifications/read", operationId: "markNotificationsRead", tag: "Notifications", caller: SESSION,
    summary: "Mark notifications read",
    description: "For the signed-in user only. Ids of other accounts' notifications, or of ones already read, change nothing. Without `ids`, every notification is marked read.",
    body: markReadRequestSchema,
    bodyOptional: true,
    example: { ids: ["msg_01HZX3Q5W8V2N6R9T4Y7K0M3PB"] },
    ok: [200, "The unread count after the change.", unreadCountResponseSchema],
  },
  {
    method: "post", path: "/api/v1/passkeys/authentication-options", operationId: "passkeySignInOptions", tag: "Account", caller: PUBLIC,
    summary: "Start signing in with a passkey",
    description:
      "Options for `navigator.credentials.get()` (pass them to `startAuthentication({ optionsJSON })`): discoverable, so no user is named, with user verification required. The challenge is good for one sign-in within five minutes. Limited per client address (`PASSKEY_OPTIONS_LIMIT_PER_MINUTE`, default 30): beyond that `429` with `Retry-After`.",
    ok: [200, "The request options.", authenticationOptionsResponseSchema],
    errors: ["rate_limited"],
  },
  {
    method: "get", path: "/api/v1/webhooks", operationId: "listWebhooks", tag: "Webhooks", caller: member("webhooks:read"),
    summary: "List webhook endpoints",
    description: "The account's endpoints, oldest first, never with their signing secret.",
    ok: [200, "The endpoints.", webhookListResponseSchema],
  },
  {
    method: "post", path: "/api/v1/webhooks", operationId: "createWebhook", tag: "Webhooks", caller: member("webhooks:manage"),
    summary: "Add a webhook endpoint",
    description:
      "Events of the kinds listed in `events` are POSTed to `url` as JSON `{ type, timestamp, data }`, signed per Standard Webhooks: `webhook-id` (the message id, the same on every retry), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature` (`v1,` and base64 of HMAC-SHA256 over `id.timestamp.body` with the secret's bytes). " +
      "**The signing secret (`whsec_…`) is returned exactly once**, in this answer. " +
      "The URL must be `https://`, name its host (not an IP address), carry no user name or password, be at most 2,048 characters, and its host must resolve only to public addresses (no loopback, private, carrier-grade NAT, link-local, multicast or reserved address, in IPv4 or IPv6): otherwise `400 invalid_request` saying why. " +
      "At most 10 endpoints per account (`409 conflict`). Audited as `webhook.created`.",
    body: createWebhookRequestSchema,
    example: { url: "https://hooks.example.com/soc", events: ["key.expiring", "key.exposed"], description: "SIEM intake" },
    ok: [201, "The endpoint, with its signing secret shown this once.", createdWebhookResponseSchema],
    errors: ["conflict"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/webhooks/{id}", operationId: "getWebhook", tag: "Webhooks", caller: member("webhooks:read"),
    summary: "Read a webhook endpoint",
    ok: [200, "The endpoint.", webhookResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "patch", path: "/api/v1/webhooks/{id}", operationId: "updateWebhook", tag: "Webhooks", caller: member("webhooks:manage"),
    summary: "Change a webhook endpoint, pause it or turn it on",
    description:
      "Send any of `url`, `events`, `description`, `enabled`; what you leave out stays as it is. A new `url` is checked like a new endpoint's. `enabled: false` pauses the endpoint; `enabled: true` turns it on again (also after it was switched off for failing) and clears `failing_since`. " +
      "Audited as `webhook.updated` with the values before and after. " +
      "Changing `url`, pausing (`enabled: false`) and dropping events are sensitive changes (sudo mode: a stolen session must not redirect or mute alerts): outside `REAUTH_WINDOW_MINUTES` they answer `403 reauthentication_required` and change nothing. Adding events, the description and turning it on never need it.",
    body: updateWebhookRequestSchema,
    example: { events: ["key.expiring", "key.expired", "key.exposed"], enabled: true },
    ok: [200, "The endpoint as it is now.", webhookResponseSchema],
    errors: ["not_found", "reauthentication_required"],
  },
  {
    method: "delete", path: "/api/v1/webhooks/{id}", operationId: "deleteWebhook", tag: "Webhooks", caller: member("webhooks:manage"),
    summary: "Delete a webhook endpoint",
    description: "Nothing more is sent to it, and its delivery log goes with it. Audited as `webhook.deleted`.",
    ok: [204, "Deleted."],
    errors: ["not_found"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/webhooks/{id}/deliveries", operationId: "listWebhookDeliveries", tag: "Webhooks", caller: member("webhooks:read"),
    summary: "An endpoint's deliveries",
    description: "The latest messages for the endpoint, newest first: whether each was delivered, how many attempts it took, the last answer's status or error, and when the next attempt is due.",
    query: listDeliveriesQuerySchema,
    ok: [200, "The deliveries.", deliveryListResponseSchema],
    errors: ["not_found"],
  },
  {
    method: "post", path: "/api/v1/webhooks/{id}/test", operationId: "sendWebhookTest", tag: "Webhooks", caller: member("webhooks:manage"),
    summary: "Send a test event",
    description:
      "Queues a `webhook.test` event (`data`: the message id, the account id and the endpoint) for delivery at once. Follow it in the deliveries. Test events and redeliveries together are limited to 30 a minute per account: beyond that `429` with `Retry-After`.",
    ok: [202, "The queued delivery.", deliveryResponseSchema],
    errors: ["not_found", "rate_limited"],
  },
  {
    method: "post", path: "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", operationId: "redeliverWebhook", tag: "Webhooks", caller: member("webhooks:manage"),
    summary: "Send a delivery again",
    description:
      "The same message (same `webhook-id` and body, signed anew) is due again now; its attempts count on. Shares the limit of 30 a minute per account with test events (`429` with `Retry-After`). A delivery being sent at that moment answers `409 conflict`: try again once the attempt has finished.",
    ok: [202, "The delivery, pending again.", deliveryResponseSchema],
    errors: ["not_found", "conflict", "rate_limited"],
  },
  {
    method: "get", path: "/api/v1/accounts", operationId: "listMyAccounts", tag: "Members", caller: USER,
    summary: "The accounts you belong to",
    description: "Every account you are a member of, with your role; `current` marks the one this session acts on (the header's switcher).",
    ok: [200, "Your accounts.", z.object({ data: z.array(accountChoiceSchema) })],
  },
  {
    method: "post", path: "/api/v1/accounts/current", operationId: "switchAccount", tag: "Members", caller: USER,
    summary: "Switch the account this session acts on",
    description: "Every account route then acts on that account. An account you are not a member of answers `404 not_found`.",
    body: switchAccountRequestSchema,
    example: { account_id: "4f8f2d0e-2b0b-4c43-9d1e-2f5b2a0c9e11" },
    ok: [200, "The account now current.", z.object({ data: accountChoiceSchema })],
    errors: ["not_found"],
  },
  {
    method: "get", path: "/api/v1/members", operationId: "listMembers", tag: "Members", caller: member("members:read"),
    summary: "List the account's members",
    description: "Oldest first, with each member's role and whether they have a second factor.",
    ok: [200, "The members.", z.object({ data: z.array(memberViewSchema) })],
  },
  {
    method: "post", path: "/api/v1/members", operationId: "acceptInvitation", tag: "Members", caller: USER,
    summary: "Join an account with an invitation",
    description:
      "`token` is the end of the invitation link. Only the user whose e-mail was invited can accept, once, within 7 days, unless it was revoked: otherwise `404` (unknown), `403 forbidden` (another e-mail) or `409 conflict` saying which. The session then acts on the joined account. Audited there as `member.joined`.",
    body: joinRequestSchema,
    example: { token: "inv_…" },
    ok: [201, "Your membership; `meta.account` is the account joined.", z.object({ data: memberViewSchema, meta: z.object({ account: z.object({ id: z.string(), name: z.string() }) }) })],
    errors: ["not_found", "forbidden", "conflict"],
  },
  {
    method: "patch", path: "/api/v1/members/{id}", operationId: "changeMemberRole", tag: "Members", caller: member("members:manage"),
    summary: "Change a member's role",
    description:
      "Owners and admins; only owners make, demote or change owners (`403 forbidden` with `details.permission` `owners:manage`). The last owner cannot be demoted (`409 conflict`): concurrent changes are serialised, so an account always keeps an owner. Takes effect from the member's next request. Audited as `member.role_changed`.",
    body: changeRoleRequestSchema,
    example: { role: "viewer" },
    ok: [200, "The member as they are now.", z.object({ data: memberViewSchema })],
    errors: ["not_found", "conflict"],
    reauth: true,
  },
  {
    method: "delete", path: "/api/v1/members/{id}", operationId: "removeMember", tag: "Members", caller: SESSION,
    summary: "Remove a member, or leave",
    description:
      "Removing someone needs `members:manage` (`owners:manage` for an owner); anyone may remove themselves (leave). The last owner cannot go (`409 conflict`). Their sessions lose this account from their next request (`401`), while their other accounts keep working. The keys they created keep working (the account owns them) and are listed with `GET /api/v1/keys?created_by=left`; when any still work, every owner is told (`member.left_with_keys`, in the console and by e-mail). Audited as `member.removed`.",
    ok: [200, "The member removed.", z.object({ data: memberViewSchema })],
    errors: ["not_found", "forbidden", "conflict"],
    reauth: true,
  },
  {
    method: "get", path: "/api/v1/invitations", operationId: "listInvitations", tag: "Members", caller: member("members:manage"),
    summary: "List invitations",
    description: "Newest first, pending, accepted, expired and revoked alike. Never the link: only a hash of its token is kept.",
    ok: [200, "The invitations.", z.object({ data: z.array(invitationViewSchema) })],
  },
  {
    method: "post", path: "/api/v1/invitations", operationId: "createInvitation", tag: "Members", caller: member("members:manage"),
    summary: "Invite someone by e-mail",
    description:
      "A single-use link valid for 7 days, for this e-mail only. Sent by e-mail when the server sends mail (`SMTP_URL`); otherwise (or if the mail server refuses) `meta.url` holds the link, shown this once. Inviting an owner needs `owners:manage`. An existing member, or a pending invitation for the same e-mail, answers `409 conflict`; at most 50 pending at once. Audited as `member.invited`.",
    body: createInvitationRequestSchema,
    example: { email: "analyst@example.com", role: "member" },
    ok: [201, "The invitation.", z.object({ data: invitationViewSchema, meta: createdInvitationMetaSchema })],
    errors: ["forbidden", "conflict"],
    reauth: true,
  },
  {
    method: "delete", path: "/api/v1/invitations/{id}", operationId: "revokeInvitation", tag: "Members", caller: member("members:manage"),
    summary: "Revoke an invitation",
    description: "Its link stops working at once. Only a pending invitation can be revoked (`409 conflict` otherwise). Audited as `invitation.revoked`.",
    ok: [200, "The revoked invitation.", z.object({ data: invitationViewSchema })],
    errors: ["not_found", "conflict"],
  },
  {
    method: "get", path: "/api/v1/policies", operationId: "getPolicies", tag: "Members", caller: SESSION,
    summary: "The account's policies",
    description: "Its name, whether two-factor is required of every member, the longest a new key may live, and the leak policy. Every member can read them.",
    ok: [200, "The policies.", z.object({ data: policyViewSchema })],
  },
  {
    method: "patch", path: "/api/v1/policies", operationId: "updatePolicies", tag: "Members", caller: member("policies:manage"),
    summary: "Change the account's policies",
    description:
      "Owners only. `require_two_factor`: members without an authenticator app or a passkey can then do nothing in this account but enrol (`403 two_factor_required`); you need one yourself first (`409 conflict`). `max_key_lifetime_days`: new keys must expire within it (rotations are shortened to it). `leak_policy`: as `PATCH /api/v1/keys/leak-policy`. Audited as `account.policy_changed` (and `account.leak_policy_changed`).",
    body: updatePoliciesRequestSchema,
    example: { require_two_factor: true, max_key_lifetime_days: 90 },
    ok: [200, "The policies as they are now.", z.object({ data: policyViewSchema })],
    errors: ["conflict"],
    reauth: true,
  },
];
