// Every answer matches the document: real requests to every documented operation, successes and
// errors, each body validated (Ajv, JSON Schema 2020-12) against the schema the SERVED document
// declares for that path, method and status. A status the document does not list for the
// operation fails, and so does an error code its schema does not allow. A new operation needs a
// row in CASES with a success, or the coverage test fails.
import { randomUUID } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, GOOD_PASSWORD, signIn, signUpAndSignIn, uniqueEmail } from "../support/client";
import { untilDeliveryIdle } from "../support/deliveries";
import { postToGithubEndpoint, signedDelivery } from "../support/github-signing";
import { createKey, setTier, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { enrolTotp, totpCode } from "../support/totp";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const githubSigner = { identifier: inject("githubKeyIdentifier"), privateKeyPem: inject("githubSigningKey") };

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/** What the rows below use: users, their cookies and keys, made once. */
type Fixture = {
  cookie: string;
  email: string;
  /** A free key with the tier's scopes (audit:read, keys:read). */
  key: string;
  keyId: string;
  /** A key with audit:read alone. */
  auditOnlyKey: string;
  revokedKey: string;
  revokedKeyId: string;
  /** A key that may only be used from 203.0.113.7. */
  elsewhereKey: string;
  /** A pro account's key (usage:read). */
  proKey: string;
  /** Another account's key id: 404 here. */
  otherAccountKeyId: string;
  /** A second session of this user, to sign out. */
  otherSessionId: string;
  /** An account at its tier's cap of 10 active keys. */
  fullCookie: string;
  fullKeyId: string;
  /** Teams: an owner's account with an invitation waiting for `invitee`, and one to revoke. */
  team: {
    cookie: string;
    accountId: string;
    token: string;
    inviteeCookie: string;
    spareInvitationId: string;
    /** Set by the accepting row, for the rows after it. */
    memberId: string;
  };
  /**
   * Webhooks: this machine has no public DNS, so endpoints (receivers on 127.0.0.1) are made on a
   * server of this file's own with WEBHOOK_ALLOW_PRIVATE=1; the same build serves the same document.
   */
  hooks: {
    url: string;
    cookie: string;
    webhookId: string;
    spareWebhookId: string;
    deliveryId: string;
    /** Another account on that server, with no endpoint of its own. */
    otherCookie: string;
    /** An account at the cap of 10 endpoints. */
    fullCookie: string;
  };
};

type Case = {
  /** "METHOD /path/template", as in the document. */
  operation: string;
  name: string;
  status: number;
  /** For an error: the code the answer must carry. */
  code?: string;
  send: (f: Fixture) => Promise<Response>;
};

const json = (body: unknown) => ({ json: body });
const bogusKey = "sk_live_" + "0".repeat(38);

const CASES: Case[] = [
  // Service
  { operation: "GET /api/health", name: "up", status: 200, send: () => api(baseUrl, "/api/health") },
  { operation: "GET /api/v1/openapi.json", name: "the document", status: 200, send: () => api(baseUrl, "/api/v1/openapi.json") },
  { operation: "POST /api/v1/signup", name: "new account", status: 201, send: () => api(baseUrl, "/api/v1/signup", json({ email: uniqueEmail("oas"), password: GOOD_PASSWORD })) },
  { operation: "POST /api/v1/signup", name: "email taken", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/signup", json({ email: f.email, password: GOOD_PASSWORD })) },
  { operation: "POST /api/v1/signup", name: "bad body", status: 400, code: "invalid_request", send: () => api(baseUrl, "/api/v1/signup", json({ email: "nope" })) },
  { operation: "POST /api/v1/signup", name: "not JSON", status: 400, code: "invalid_json", send: () => api(baseUrl, "/api/v1/signup", { body: "{", headers: { "content-type": "application/json" } }) },
  { operation: "POST /api/v1/signup", name: "form body", status: 415, code: "unsupported_media_type", send: () => api(baseUrl, "/api/v1/signup", { body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }) },
  { operation: "POST /api/v1/signup", name: "too large", status: 413, code: "payload_too_large", send: () => api(baseUrl, "/api/v1/signup", json({ email: "x".repeat(20_000) })) },
  { operation: "POST /api/v1/signup", name: "cross-site", status: 403, code: "cross_site_request", send: () => api(baseUrl, "/api/v1/signup", { json: {}, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } }) },

  // Keys
  { operation: "GET /api/v1/keys", name: "session", status: 200, send: (f) => api(baseUrl, "/api/v1/keys?status=all", { cookie: f.cookie }) },
  { operation: "GET /api/v1/keys", name: "key", status: 200, send: (f) => withKey(baseUrl, "/api/v1/keys", f.key) },
  { operation: "GET /api/v1/keys", name: "no credentials", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/keys") },
  { operation: "GET /api/v1/keys", name: "unknown key", status: 401, code: "invalid_api_key", send: () => withKey(baseUrl, "/api/v1/keys", bogusKey) },
  { operation: "GET /api/v1/keys", name: "revoked key", status: 401, code: "key_revoked", send: (f) => withKey(baseUrl, "/api/v1/keys", f.revokedKey) },
  { operation: "GET /api/v1/keys", name: "key without keys:read", status: 403, code: "insufficient_scope", send: (f) => withKey(baseUrl, "/api/v1/keys", f.auditOnlyKey) },
  { operation: "GET /api/v1/keys", name: "key from elsewhere", status: 403, code: "ip_not_allowed", send: (f) => withKey(baseUrl, "/api/v1/keys", f.elsewhereKey) },
  { operation: "GET /api/v1/keys", name: "bad status", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/keys?status=nope", { cookie: f.cookie }) },
  { operation: "POST /api/v1/keys", name: "created", status: 201, send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: `oas-${randomUUID()}` }, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys", name: "vague name warned", status: 201, send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: `test${Date.now() % 1000}` }, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys", name: "bad body", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: "" }, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/keys", json({ name: "x" })) },
  { operation: "POST /api/v1/keys", name: "cross-site", status: 403, code: "cross_site_request", send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: "x" }, cookie: f.cookie, headers: { origin: "https://evil.example" } }) },
  { operation: "POST /api/v1/keys", name: "name taken", status: 409, code: "name_taken", send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: "oas-main" }, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys", name: "at the cap", status: 409, code: "key_limit_reached", send: (f) => api(baseUrl, "/api/v1/keys", { json: { name: "one-too-many" }, cookie: f.fullCookie }) },
  { operation: "GET /api/v1/keys/{id}", name: "own key", status: 200, send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`, { cookie: f.cookie }) },
  { operation: "GET /api/v1/keys/{id}", name: "another account's key", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/keys/${f.otherAccountKeyId}`, { cookie: f.cookie }) },
  { operation: "GET /api/v1/keys/{id}", name: "no session", status: 401, code: "unauthorized", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`) },
  { operation: "PATCH /api/v1/keys/{id}", name: "restricted", status: 200, send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}`, { method: "PATCH", json: { allowed_ips: ["203.0.113.0/24"] }, cookie: f.fullCookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "vague name warned", status: 200, send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}`, { method: "PATCH", json: { name: "key2" }, cookie: f.fullCookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "bad address", status: 400, code: "invalid_request", send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}`, { method: "PATCH", json: { allowed_ips: ["010.0.0.1"] }, cookie: f.fullCookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "name taken", status: 409, code: "name_taken", send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}`, { method: "PATCH", json: { name: "oas-full-1" }, cookie: f.fullCookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "revoked key", status: 409, code: "conflict", send: (f) => api(baseUrl, `/api/v1/keys/${f.revokedKeyId}`, { method: "PATCH", json: { name: "oas-revived" }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "another account's key", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/keys/${f.otherAccountKeyId}`, { method: "PATCH", json: { name: "mine-now" }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "cross-site", status: 403, code: "cross_site_request", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`, { method: "PATCH", json: { name: "x-y" }, cookie: f.cookie, headers: { origin: "https://evil.example" } }) },
  { operation: "PATCH /api/v1/keys/{id}", name: "no session", status: 401, code: "unauthorized", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`, { method: "PATCH", json: { name: "x-y" } }) },
  { operation: "POST /api/v1/keys/{id}/rotate", name: "with grace", status: 201, send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}/rotate`, { json: { grace_period_hours: 1 }, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys/{id}/rotate", name: "again", status: 409, code: "conflict", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}/rotate`, { json: {}, cookie: f.cookie }) },
  { operation: "POST /api/v1/keys/{id}/rotate", name: "grace at the cap", status: 409, code: "key_limit_reached", send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}/rotate`, { json: { grace_period_hours: 24 }, cookie: f.fullCookie }) },
  { operation: "POST /api/v1/keys/{id}/rotate", name: "bad body", status: 400, code: "invalid_request", send: (f) => api(baseUrl, `/api/v1/keys/${f.fullKeyId}/rotate`, { json: { grace_period_hours: 999 }, cookie: f.fullCookie }) },
  { operation: "POST /api/v1/keys/{id}/rotate", name: "another account's key", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/keys/${f.otherAccountKeyId}/rotate`, { json: {}, cookie: f.cookie }) },
  { operation: "DELETE /api/v1/keys/{id}", name: "revoked", status: 200, send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`, { method: "DELETE", cookie: f.cookie }) },
  { operation: "DELETE /api/v1/keys/{id}", name: "another account's key", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/keys/${f.otherAccountKeyId}`, { method: "DELETE", cookie: f.cookie }) },
  { operation: "DELETE /api/v1/keys/{id}", name: "cross-site", status: 403, code: "cross_site_request", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}`, { method: "DELETE", cookie: f.cookie, headers: { "sec-fetch-site": "cross-site" } }) },
  { operation: "GET /api/v1/me", name: "key", status: 200, send: (f) => withKey(baseUrl, "/api/v1/me", f.auditOnlyKey) },
  { operation: "GET /api/v1/me", name: "no key", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/me") },

  // Notifications
  { operation: "GET /api/v1/notifications", name: "session", status: 200, send: (f) => api(baseUrl, "/api/v1/notifications?limit=5", { cookie: f.cookie }) },
  { operation: "GET /api/v1/notifications", name: "unread only", status: 200, send: (f) => api(baseUrl, "/api/v1/notifications?unread=true", { cookie: f.cookie }) },
  { operation: "GET /api/v1/notifications", name: "bad cursor", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/notifications?cursor=bm9wZQ", { cookie: f.cookie }) },
  { operation: "GET /api/v1/notifications", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/notifications") },
  { operation: "GET /api/v1/notifications/unread-count", name: "session", status: 200, send: (f) => api(baseUrl, "/api/v1/notifications/unread-count", { cookie: f.cookie }) },
  { operation: "POST /api/v1/notifications/read", name: "all", status: 200, send: (f) => api(baseUrl, "/api/v1/notifications/read", { json: {}, cookie: f.cookie }) },
  { operation: "POST /api/v1/notifications/read", name: "bad id", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/notifications/read", { json: { ids: ["nope"] }, cookie: f.cookie }) },
  { operation: "POST /api/v1/notifications/read", name: "cross-site", status: 403, code: "cross_site_request", send: (f) => api(baseUrl, "/api/v1/notifications/read", { json: {}, cookie: f.cookie, headers: { origin: "https://evil.example" } }) },

  // Usage and audit
  { operation: "GET /api/v1/usage", name: "pro key", status: 200, send: (f) => withKey(baseUrl, "/api/v1/usage", f.proKey) },
  { operation: "GET /api/v1/usage", name: "free key", status: 403, code: "insufficient_scope", send: (f) => withKey(baseUrl, "/api/v1/usage", f.auditOnlyKey) },
  { operation: "GET /api/v1/usage", name: "unknown key", status: 401, code: "invalid_api_key", send: () => withKey(baseUrl, "/api/v1/usage", bogusKey) },
  { operation: "GET /api/v1/keys/{id}/usage", name: "session", status: 200, send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}/usage`, { cookie: f.cookie }) },
  { operation: "GET /api/v1/keys/{id}/usage", name: "pro key, another account's key", status: 404, code: "not_found", send: (f) => withKey(baseUrl, `/api/v1/keys/${f.keyId}/usage`, f.proKey) },
  { operation: "GET /api/v1/keys/{id}/usage", name: "free key", status: 403, code: "insufficient_scope", send: (f) => withKey(baseUrl, `/api/v1/keys/${f.keyId}/usage`, f.auditOnlyKey) },
  { operation: "GET /api/v1/keys/{id}/usage", name: "bad days", status: 400, code: "invalid_request", send: (f) => api(baseUrl, `/api/v1/keys/${f.keyId}/usage?days=0`, { cookie: f.cookie }) },
  { operation: "GET /api/v1/audit-events", name: "one key's events", status: 200, send: (f) => api(baseUrl, `/api/v1/audit-events?key_id=${f.keyId}`, { cookie: f.cookie }) },
  { operation: "GET /api/v1/audit-events", name: "session", status: 200, send: (f) => api(baseUrl, "/api/v1/audit-events", { cookie: f.cookie }) },
  { operation: "GET /api/v1/audit-events", name: "key", status: 200, send: (f) => withKey(baseUrl, "/api/v1/audit-events?limit=5", f.auditOnlyKey) },
  { operation: "GET /api/v1/audit-events", name: "bad cursor", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/audit-events?cursor=nope", { cookie: f.cookie }) },
  { operation: "GET /api/v1/audit-events", name: "no credentials", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/audit-events") },

  // Account and sessions
  { operation: "GET /api/v1/account", name: "profile", status: 200, send: (f) => api(baseUrl, "/api/v1/account", { cookie: f.cookie }) },
  { operation: "GET /api/v1/account", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/account") },
  { operation: "PATCH /api/v1/account", name: "renamed", status: 200, send: (f) => api(baseUrl, "/api/v1/account", { method: "PATCH", json: { name: "Ada" }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/account", name: "unknown field", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/account", { method: "PATCH", json: { nom: "Ada" }, cookie: f.cookie }) },
  { operation: "GET /api/v1/account/notification-settings", name: "preferences", status: 200, send: (f) => api(baseUrl, "/api/v1/account/notification-settings", { cookie: f.cookie }) },
  { operation: "GET /api/v1/account/notification-settings", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/account/notification-settings") },
  { operation: "PATCH /api/v1/account/notification-settings", name: "changed", status: 200, send: (f) => api(baseUrl, "/api/v1/account/notification-settings", { method: "PATCH", json: { email: { new_source: false } }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/account/notification-settings", name: "not a boolean", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/account/notification-settings", { method: "PATCH", json: { email: { expiry: "no" } }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/account/notification-settings", name: "cross-site", status: 403, code: "cross_site_request", send: (f) => api(baseUrl, "/api/v1/account/notification-settings", { method: "PATCH", json: { email: { expiry: false } }, cookie: f.cookie, headers: { origin: "https://evil.example" } }) },
  { operation: "POST /api/v1/account/password", name: "wrong current password", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/account/password", { json: { current_password: "wrong password here", new_password: "another good password" }, cookie: f.cookie }) },
  { operation: "POST /api/v1/account/password", name: "changed", status: 200, send: (f) => api(baseUrl, "/api/v1/account/password", { json: { current_password: GOOD_PASSWORD, new_password: "another good password" }, cookie: f.cookie }) },
  { operation: "GET /api/v1/account/two-factor", name: "status", status: 200, send: (f) => api(baseUrl, "/api/v1/account/two-factor", { cookie: f.cookie }) },
  { operation: "POST /api/v1/account/two-factor/totp", name: "pending secret", status: 200, send: async () => api(baseUrl, "/api/v1/account/two-factor/totp", { method: "POST", cookie: (await signUpAndSignIn(baseUrl)).cookie }) },
  { operation: "POST /api/v1/account/two-factor/totp", name: "already on", status: 409, code: "conflict", send: async () => { const { cookie } = await signUpAndSignIn(baseUrl); await enrolTotp(baseUrl, cookie); return api(baseUrl, "/api/v1/account/two-factor/totp", { method: "POST", cookie }); } },
  { operation: "POST /api/v1/account/two-factor/totp/confirm", name: "nothing pending", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/account/two-factor/totp/confirm", { json: { code: "123456" }, cookie: f.cookie }) },
  { operation: "POST /api/v1/account/two-factor/totp/confirm", name: "on", status: 201, send: async () => { const { cookie } = await signUpAndSignIn(baseUrl); const started = await api(baseUrl, "/api/v1/account/two-factor/totp", { method: "POST", cookie }); const { data } = (await started.json()) as { data: { secret: string } }; return api(baseUrl, "/api/v1/account/two-factor/totp/confirm", { json: { code: totpCode(data.secret) }, cookie }); } },
  { operation: "DELETE /api/v1/account/two-factor/totp", name: "off", status: 204, send: async () => { const { cookie } = await signUpAndSignIn(baseUrl); const { recoveryCodes } = await enrolTotp(baseUrl, cookie); return api(baseUrl, "/api/v1/account/two-factor/totp", { method: "DELETE", json: { code: recoveryCodes[0] }, cookie }); } },
  { operation: "DELETE /api/v1/account/two-factor/totp", name: "not on", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/account/two-factor/totp", { method: "DELETE", json: { code: "123456" }, cookie: f.cookie }) },
  { operation: "POST /api/v1/account/two-factor/recovery-codes", name: "new codes", status: 201, send: async () => { const { cookie } = await signUpAndSignIn(baseUrl); await enrolTotp(baseUrl, cookie); return api(baseUrl, "/api/v1/account/two-factor/recovery-codes", { method: "POST", cookie }); } },
  { operation: "POST /api/v1/account/two-factor/recovery-codes", name: "no second factor", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/account/two-factor/recovery-codes", { method: "POST", cookie: f.cookie }) },
  { operation: "GET /api/v1/sessions", name: "list", status: 200, send: (f) => api(baseUrl, "/api/v1/sessions", { cookie: f.fullCookie }) },
  { operation: "DELETE /api/v1/sessions/{id}", name: "signed out", status: 204, send: (f) => api(baseUrl, `/api/v1/sessions/${f.otherSessionId}`, { method: "DELETE", cookie: f.fullCookie }) },
  { operation: "DELETE /api/v1/sessions/{id}", name: "already ended", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/sessions/${f.otherSessionId}`, { method: "DELETE", cookie: f.fullCookie }) },
  { operation: "POST /api/v1/sessions/revoke-others", name: "ended", status: 200, send: (f) => api(baseUrl, "/api/v1/sessions/revoke-others", { method: "POST", cookie: f.fullCookie }) },
  { operation: "POST /api/v1/sessions/revoke-others", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/sessions/revoke-others", { method: "POST" }) },
  { operation: "GET /api/v1/account/reauth", name: "the window", status: 200, send: (f) => api(baseUrl, "/api/v1/account/reauth", { cookie: f.fullCookie }) },
  { operation: "POST /api/v1/account/reauth", name: "wrong password", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/account/reauth", { json: { password: "wrong password here" }, cookie: f.fullCookie }) },
  { operation: "POST /api/v1/account/reauth", name: "two proofs", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/account/reauth", { json: { password: GOOD_PASSWORD, otp: "123456" }, cookie: f.fullCookie }) },
  { operation: "POST /api/v1/account/reauth", name: "confirmed", status: 204, send: (f) => api(baseUrl, "/api/v1/account/reauth", { json: { password: GOOD_PASSWORD }, cookie: f.fullCookie }) },
  { operation: "POST /api/v1/account/reauth/options", name: "no passkey", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/account/reauth/options", { method: "POST", cookie: f.fullCookie }) },

  // Leaks
  {
    operation: "POST /api/v1/secret-scanning/github", name: "signed delivery", status: 200,
    send: () => postToGithubEndpoint(baseUrl, signedDelivery(githubSigner, JSON.stringify([{ token: bogusKey, type: "soc_api_key", url: "https://github.com/o/r/blob/main/.env", source: "content" }]))),
  },
  { operation: "POST /api/v1/secret-scanning/github", name: "unsigned", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/secret-scanning/github", { json: [{ token: bogusKey, type: "soc_api_key" }], headers: { origin: "", "sec-fetch-site": "" } }) },
  { operation: "POST /api/v1/keys/report-leak", name: "received", status: 202, send: () => api(baseUrl, "/api/v1/keys/report-leak", { json: { keys: [bogusKey] }, headers: { origin: "", "sec-fetch-site": "" } }) },
  { operation: "POST /api/v1/keys/report-leak", name: "no keys", status: 400, code: "invalid_request", send: () => api(baseUrl, "/api/v1/keys/report-leak", { json: { keys: [] }, headers: { origin: "", "sec-fetch-site": "" } }) },
  { operation: "GET /api/v1/keys/leak-policy", name: "session", status: 200, send: (f) => api(baseUrl, "/api/v1/keys/leak-policy", { cookie: f.fullCookie }) },
  { operation: "GET /api/v1/keys/leak-policy", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/keys/leak-policy") },
  { operation: "PATCH /api/v1/keys/leak-policy", name: "set", status: 200, send: (f) => api(baseUrl, "/api/v1/keys/leak-policy", { method: "PATCH", json: { policy: "notify" }, cookie: f.fullCookie }) },
  { operation: "PATCH /api/v1/keys/leak-policy", name: "unknown policy", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/keys/leak-policy", { method: "PATCH", json: { policy: "ignore" }, cookie: f.fullCookie }) },

  // Passkeys (a software authenticator answers the options)
  { operation: "POST /api/v1/account/passkeys/registration-options", name: "options", status: 200, send: (f) => api(baseUrl, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie: f.cookie }) },
  { operation: "POST /api/v1/account/passkeys", name: "first passkey", status: 201, send: (f) => addPasskeyWith(f.cookie, "oas-passkey") },
  { operation: "POST /api/v1/account/passkeys", name: "answer replayed", status: 400, code: "invalid_request", send: (f) => addPasskeyWith(f.cookie, "oas-replayed", { replay: true }) },
  { operation: "GET /api/v1/account/passkeys", name: "list", status: 200, send: (f) => api(baseUrl, "/api/v1/account/passkeys", { cookie: f.cookie }) },
  { operation: "POST /api/v1/account/reauth/options", name: "with a passkey", status: 200, send: (f) => api(baseUrl, "/api/v1/account/reauth/options", { method: "POST", cookie: f.cookie }) },
  { operation: "PATCH /api/v1/account/passkeys/{id}", name: "renamed", status: 200, send: async (f) => api(baseUrl, `/api/v1/account/passkeys/${await firstPasskeyId(f.cookie)}`, { method: "PATCH", json: { name: "oas-renamed" }, cookie: f.cookie }) },
  { operation: "PATCH /api/v1/account/passkeys/{id}", name: "another user's", status: 404, code: "not_found", send: async (f) => api(baseUrl, `/api/v1/account/passkeys/${await firstPasskeyId(f.cookie)}`, { method: "PATCH", json: { name: "mine" }, cookie: f.fullCookie }) },
  { operation: "DELETE /api/v1/account/passkeys/{id}", name: "removed", status: 204, send: async (f) => api(baseUrl, `/api/v1/account/passkeys/${await firstPasskeyId(f.cookie)}`, { method: "DELETE", cookie: f.cookie }) },
  { operation: "DELETE /api/v1/account/passkeys/{id}", name: "unknown", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/account/passkeys/${randomUUID()}`, { method: "DELETE", cookie: f.cookie }) },
  { operation: "POST /api/v1/passkeys/authentication-options", name: "options", status: 200, send: () => api(baseUrl, "/api/v1/passkeys/authentication-options", { method: "POST" }) },

  // Teams
  { operation: "GET /api/v1/accounts", name: "mine", status: 200, send: (f) => api(baseUrl, "/api/v1/accounts", { cookie: f.team.cookie }) },
  { operation: "POST /api/v1/accounts/current", name: "switched", status: 200, send: (f) => api(baseUrl, "/api/v1/accounts/current", { json: { account_id: f.team.accountId }, cookie: f.team.cookie }) },
  { operation: "POST /api/v1/accounts/current", name: "not mine", status: 404, code: "not_found", send: (f) => api(baseUrl, "/api/v1/accounts/current", { json: { account_id: f.team.accountId }, cookie: f.cookie }) },
  { operation: "GET /api/v1/members", name: "list", status: 200, send: (f) => api(baseUrl, "/api/v1/members", { cookie: f.team.cookie }) },
  { operation: "POST /api/v1/members", name: "unknown token", status: 404, code: "not_found", send: (f) => api(baseUrl, "/api/v1/members", { json: { token: `inv_${"A".repeat(43)}` }, cookie: f.team.inviteeCookie }) },
  { operation: "POST /api/v1/members", name: "someone else's invitation", status: 403, code: "forbidden", send: (f) => api(baseUrl, "/api/v1/members", { json: { token: f.team.token }, cookie: f.cookie }) },
  {
    operation: "POST /api/v1/members", name: "joined", status: 201,
    send: async (f) => {
      const response = await api(baseUrl, "/api/v1/members", { json: { token: f.team.token }, cookie: f.team.inviteeCookie });
      f.team.memberId = ((await response.clone().json()) as { data: { id: string } }).data.id;
      return response;
    },
  },
  { operation: "POST /api/v1/members", name: "used twice", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/members", { json: { token: f.team.token }, cookie: f.team.inviteeCookie }) },
  { operation: "PATCH /api/v1/members/{id}", name: "made a viewer", status: 200, send: (f) => api(baseUrl, `/api/v1/members/${f.team.memberId}`, { method: "PATCH", json: { role: "viewer" }, cookie: f.team.cookie }) },
  { operation: "PATCH /api/v1/members/{id}", name: "a viewer may not", status: 403, code: "forbidden", send: (f) => api(baseUrl, `/api/v1/members/${f.team.memberId}`, { method: "PATCH", json: { role: "admin" }, cookie: f.team.inviteeCookie }) },
  { operation: "PATCH /api/v1/members/{id}", name: "bad role", status: 400, code: "invalid_request", send: (f) => api(baseUrl, `/api/v1/members/${f.team.memberId}`, { method: "PATCH", json: { role: "root" }, cookie: f.team.cookie }) },
  { operation: "GET /api/v1/invitations", name: "list", status: 200, send: (f) => api(baseUrl, "/api/v1/invitations", { cookie: f.team.cookie }) },
  { operation: "GET /api/v1/invitations", name: "a viewer may not", status: 403, code: "forbidden", send: (f) => api(baseUrl, "/api/v1/invitations", { cookie: f.team.inviteeCookie }) },
  { operation: "POST /api/v1/invitations", name: "invited", status: 201, send: (f) => api(baseUrl, "/api/v1/invitations", { json: { email: uniqueEmail("oas-invite"), role: "member" }, cookie: f.team.cookie }) },
  { operation: "POST /api/v1/invitations", name: "already a member", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/invitations", { json: { email: f.email, role: "member" }, cookie: f.cookie }) },
  { operation: "DELETE /api/v1/invitations/{id}", name: "revoked", status: 200, send: (f) => api(baseUrl, `/api/v1/invitations/${f.team.spareInvitationId}`, { method: "DELETE", cookie: f.team.cookie }) },
  { operation: "DELETE /api/v1/invitations/{id}", name: "revoked twice", status: 409, code: "conflict", send: (f) => api(baseUrl, `/api/v1/invitations/${f.team.spareInvitationId}`, { method: "DELETE", cookie: f.team.cookie }) },
  { operation: "DELETE /api/v1/invitations/{id}", name: "another account's", status: 404, code: "not_found", send: (f) => api(baseUrl, `/api/v1/invitations/${f.team.spareInvitationId}`, { method: "DELETE", cookie: f.cookie }) },
  { operation: "GET /api/v1/policies", name: "read", status: 200, send: (f) => api(baseUrl, "/api/v1/policies", { cookie: f.team.cookie }) },
  { operation: "PATCH /api/v1/policies", name: "renamed", status: 200, send: (f) => api(baseUrl, "/api/v1/policies", { method: "PATCH", json: { name: "OAS team" }, cookie: f.team.cookie }) },
  { operation: "PATCH /api/v1/policies", name: "two-factor without one yourself", status: 409, code: "conflict", send: (f) => api(baseUrl, "/api/v1/policies", { method: "PATCH", json: { require_two_factor: true }, cookie: f.team.cookie }) },
  { operation: "PATCH /api/v1/policies", name: "a viewer may not", status: 403, code: "forbidden", send: (f) => api(baseUrl, "/api/v1/policies", { method: "PATCH", json: { name: "mine now" }, cookie: f.team.inviteeCookie }) },
  { operation: "DELETE /api/v1/members/{id}", name: "removed", status: 200, send: (f) => api(baseUrl, `/api/v1/members/${f.team.memberId}`, { method: "DELETE", cookie: f.team.cookie }) },
  { operation: "GET /api/v1/members", name: "removed member's session", status: 401, code: "unauthorized", send: (f) => api(baseUrl, "/api/v1/members", { cookie: f.team.inviteeCookie }) },
  { operation: "DELETE /api/v1/members/{id}", name: "the last owner", status: 409, code: "conflict", send: async (f) => {
    const members = (await (await api(baseUrl, "/api/v1/members", { cookie: f.team.cookie })).json()) as { data: { id: string; you: boolean }[] };
    return api(baseUrl, `/api/v1/members/${members.data.find((m) => m.you)?.id}`, { method: "DELETE", cookie: f.team.cookie });
  } },

  // Webhooks (on the webhooks server, see Fixture.hooks; refusals that do not depend on WEBHOOK_ALLOW_PRIVATE on the shared one)
  { operation: "GET /api/v1/webhooks", name: "list", status: 200, send: (f) => api(f.hooks.url, "/api/v1/webhooks", { cookie: f.hooks.cookie }) },
  { operation: "GET /api/v1/webhooks", name: "no session", status: 401, code: "unauthorized", send: () => api(baseUrl, "/api/v1/webhooks") },
  { operation: "POST /api/v1/webhooks", name: "created", status: 201, send: (f) => api(f.hooks.url, "/api/v1/webhooks", { json: { url: "http://127.0.0.1:9/oas", events: ["key.expiring"], description: "oas" }, cookie: f.hooks.otherCookie }) },
  { operation: "POST /api/v1/webhooks", name: "credentials in the URL", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/webhooks", { json: { url: "https://user:pw@hooks.example.com/", events: ["key.expiring"] }, cookie: f.cookie }) },
  { operation: "POST /api/v1/webhooks", name: "no events", status: 400, code: "invalid_request", send: (f) => api(baseUrl, "/api/v1/webhooks", { json: { url: "https://hooks.example.com/", events: [] }, cookie: f.cookie }) },
  { operation: "POST /api/v1/webhooks", name: "eleventh endpoint", status: 409, code: "conflict", send: (f) => api(f.hooks.url, "/api/v1/webhooks", { json: { url: "http://127.0.0.1:9/oas-11", events: ["key.expiring"] }, cookie: f.hooks.fullCookie }) },
  { operation: "GET /api/v1/webhooks/{id}", name: "read", status: 200, send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}`, { cookie: f.hooks.cookie }) },
  { operation: "GET /api/v1/webhooks/{id}", name: "another account's", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}`, { cookie: f.hooks.otherCookie }) },
  { operation: "PATCH /api/v1/webhooks/{id}", name: "changed", status: 200, send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}`, { method: "PATCH", json: { url: "http://127.0.0.1:9/oas-moved", events: ["key.exposed"], enabled: false }, cookie: f.hooks.cookie }) },
  { operation: "PATCH /api/v1/webhooks/{id}", name: "bad events", status: 400, code: "invalid_request", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}`, { method: "PATCH", json: { events: ["key.nope"] }, cookie: f.hooks.cookie }) },
  { operation: "PATCH /api/v1/webhooks/{id}", name: "another account's", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}`, { method: "PATCH", json: { enabled: true }, cookie: f.hooks.otherCookie }) },
  { operation: "GET /api/v1/webhooks/{id}/deliveries", name: "list", status: 200, send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/deliveries?limit=10`, { cookie: f.hooks.cookie }) },
  { operation: "GET /api/v1/webhooks/{id}/deliveries", name: "bad limit", status: 400, code: "invalid_request", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/deliveries?limit=500`, { cookie: f.hooks.cookie }) },
  { operation: "GET /api/v1/webhooks/{id}/deliveries", name: "another account's", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/deliveries`, { cookie: f.hooks.otherCookie }) },
  { operation: "POST /api/v1/webhooks/{id}/test", name: "queued", status: 202, send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/test`, { method: "POST", cookie: f.hooks.cookie }) },
  { operation: "POST /api/v1/webhooks/{id}/test", name: "unknown", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${randomUUID()}/test`, { method: "POST", cookie: f.hooks.cookie }) },
  { operation: "POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", name: "pending again", status: 202, send: async (f) => {
    // A due delivery is attempted at once, and redelivering under an attempt in flight is 409.
    await untilDeliveryIdle(f.hooks.url, f.hooks.cookie, f.hooks.webhookId, f.hooks.deliveryId);
    return api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/deliveries/${f.hooks.deliveryId}/redeliver`, { method: "POST", cookie: f.hooks.cookie });
  } },
  { operation: "POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", name: "another account's", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.webhookId}/deliveries/${f.hooks.deliveryId}/redeliver`, { method: "POST", cookie: f.hooks.otherCookie }) },
  { operation: "DELETE /api/v1/webhooks/{id}", name: "deleted", status: 204, send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.spareWebhookId}`, { method: "DELETE", cookie: f.hooks.cookie }) },
  { operation: "DELETE /api/v1/webhooks/{id}", name: "already deleted", status: 404, code: "not_found", send: (f) => api(f.hooks.url, `/api/v1/webhooks/${f.hooks.spareWebhookId}`, { method: "DELETE", cookie: f.hooks.cookie }) },
];

/** Registration options, a software authenticator's answer, and the POST (twice with `replay`). */
async function addPasskeyWith(cookie: string, name: string, options: { replay?: boolean } = {}): Promise<Response> {
  const answered = await api(baseUrl, "/api/v1/account/passkeys/registration-options", { method: "POST", cookie });
  const { data } = (await answered.json()) as { data: { options: Parameters<SoftAuthenticator["register"]>[0] } };
  const response = new SoftAuthenticator(baseUrl).register(data.options);
  const first = await api(baseUrl, "/api/v1/account/passkeys", { json: { name, response }, cookie });
  return options.replay ? api(baseUrl, "/api/v1/account/passkeys", { json: { name, response }, cookie }) : first;
}

async function firstPasskeyId(cookie: string): Promise<string> {
  const { data } = (await (await api(baseUrl, "/api/v1/account/passkeys", { cookie })).json()) as { data: { id: string }[] };
  return data[0]?.id ?? randomUUID();
}

let document: Document;
let fixture: Fixture;
let hooksServer: RunningServer | undefined;

afterAll(async () => {
  await hooksServer?.stop();
});

async function createWebhookOn(url: string, cookie: string, path: string): Promise<string> {
  const response = await api(url, "/api/v1/webhooks", { json: { url: `http://127.0.0.1:9/${path}`, events: ["key.expiring"] }, cookie });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

/** An owner with a pending invitation for a fresh user, and a second one to revoke. */
async function teamFixture(): Promise<Fixture["team"]> {
  const [owner, invitee] = await Promise.all([signUpAndSignIn(baseUrl), signUpAndSignIn(baseUrl)]);
  const profile = (await (await api(baseUrl, "/api/v1/account", { cookie: owner.cookie })).json()) as { data: { account: { id: string } } };
  const invite = async (email: string) => {
    const response = await api(baseUrl, "/api/v1/invitations", { json: { email, role: "member" }, cookie: owner.cookie });
    expect(response.status).toBe(201);
    return (await response.json()) as { data: { id: string }; meta: { url: string } };
  };
  const invited = await invite(invitee.user.email);
  const spare = await invite(uniqueEmail("oas-spare"));
  return {
    cookie: owner.cookie,
    accountId: profile.data.account.id,
    token: invited.meta.url.split("/invite/")[1] ?? "",
    inviteeCookie: invitee.cookie,
    spareInvitationId: spare.data.id,
    memberId: "",
  };
}

/** The webhooks server and what its rows use. */
async function webhooksFixture(): Promise<Fixture["hooks"]> {
  hooksServer = await startServer({ env: { WEBHOOK_ALLOW_PRIVATE: "1" } });
  const url = hooksServer.url;
  const [owner, other, full] = await Promise.all([signUpAndSignIn(url), signUpAndSignIn(url), signUpAndSignIn(url)]);
  const webhookId = await createWebhookOn(url, owner.cookie, "oas-main");
  const spareWebhookId = await createWebhookOn(url, owner.cookie, "oas-spare");
  for (let i = 0; i < 10; i++) await createWebhookOn(url, full.cookie, `oas-full-${i}`);
  const tested = await api(url, `/api/v1/webhooks/${webhookId}/test`, { method: "POST", cookie: owner.cookie });
  expect(tested.status).toBe(202);
  const deliveryId = ((await tested.json()) as { data: { id: string } }).data.id;
  return { url, cookie: owner.cookie, webhookId, spareWebhookId, deliveryId, otherCookie: other.cookie, fullCookie: full.cookie };
}
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** The schema the served document declares for this answer, as an Ajv reference into it. */
function declaredSchema(operation: string, status: number): { ref: string } | "no body" {
  const [method = "", path = ""] = operation.split(" ");
  const responses = document.paths[path]?.[method.toLowerCase()]?.responses;
  expect(responses, `${operation} is not in the document`).toBeDefined();
  const response = responses?.[String(status)];
  expect(response, `${operation} answered ${status}, which the document does not list (it lists ${Object.keys(responses ?? {}).join(", ")})`).toBeDefined();
  if (!response?.content) return "no body";
  expect(Object.keys(response.content)).toEqual(["application/json"]);
  const pointer = ["paths", path, method.toLowerCase(), "responses", String(status), "content", "application/json", "schema"]
    .map((part) => encodeURIComponent(part.replaceAll("~", "~0").replaceAll("/", "~1")))
    .join("/");
  return { ref: `openapi.json#/${pointer}` };
}

beforeAll(async () => {
  const served = await fetch(new URL("/api/v1/openapi.json", baseUrl));
  document = (await served.json()) as Document;
  // The whole document as one schema resource, so every $ref resolves against its components.
  ajv.addSchema(document, "openapi.json");

  const hooks = webhooksFixture();
  const { user, cookie } = await signUpAndSignIn(baseUrl);
  const main = await createKey(baseUrl, cookie, { name: "oas-main" });
  const auditOnly = await createKey(baseUrl, cookie, { name: "oas-audit-only", scopes: ["audit:read"] });
  const revoked = await createKey(baseUrl, cookie, { name: "oas-revoked" });
  expect((await api(baseUrl, `/api/v1/keys/${revoked.data.id}`, { method: "DELETE", cookie })).status).toBe(200);
  const elsewhere = await createKey(baseUrl, cookie, { name: "oas-elsewhere", allowed_ips: ["203.0.113.7"] });

  const pro = await signUpAndSignIn(baseUrl);
  await setTier(databaseUrl, pro.user.email, "pro");
  const proKey = await createKey(baseUrl, pro.cookie, { name: "oas-pro" });

  const other = await signUpAndSignIn(baseUrl);
  const otherKey = await createKey(baseUrl, other.cookie, { name: "oas-other" });

  const full = await signUpAndSignIn(baseUrl);
  const fullKeys = [];
  for (let i = 0; i < 10; i++) fullKeys.push(await createKey(baseUrl, full.cookie, { name: `oas-full-${i}` }));
  // A second sign-in of the same user: its session is the one the first signs out.
  const second = await signIn(baseUrl, full.user.email, full.user.password);
  const sessions = (await (await api(baseUrl, "/api/v1/sessions", { cookie: second.cookie ?? "" })).json()) as { data: { id: string; current: boolean }[] };
  const otherSession = sessions.data.find((session) => session.current);
  expect(otherSession).toBeDefined();

  fixture = {
    cookie,
    email: user.email,
    key: main.data.key,
    keyId: main.data.id,
    auditOnlyKey: auditOnly.data.key,
    revokedKey: revoked.data.key,
    revokedKeyId: revoked.data.id,
    elsewhereKey: elsewhere.data.key,
    proKey: proKey.data.key,
    otherAccountKeyId: otherKey.data.id,
    otherSessionId: otherSession?.id ?? "",
    fullCookie: full.cookie,
    fullKeyId: fullKeys[0]?.data.id ?? "",
    team: await teamFixture(),
    hooks: await hooks,
  };
});

describe("every answer matches the served document", () => {
  // In order: some rows change what later rows see (a rotation, a revocation, a signed-out session).
  for (const row of CASES) {
    it(`${row.operation}: ${row.name} → ${row.status}${row.code ? ` ${row.code}` : ""}`, async () => {
      const response = await row.send(fixture);
      const text = await response.text();
      expect(response.status, text).toBe(row.status);
      const declared = declaredSchema(row.operation, row.status);
      if (declared === "no body") {
        expect(text).toBe("");
        return;
      }
      const body: unknown = JSON.parse(text);
      const validate = ajv.getSchema(declared.ref) ?? ajv.compile({ $ref: declared.ref });
      expect(validate(body), `${text}\n${ajv.errorsText(validate.errors, { separator: "\n" })}`).toBe(true);
      if (row.code) expect((body as { error: { code: string } }).error.code).toBe(row.code);
    });
  }

  it("every documented operation has a success row", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).filter((key) => key !== "parameters").map((method) => `${method.toUpperCase()} ${path}`));
    const succeeded = new Set(CASES.filter((row) => row.status < 300).map((row) => row.operation));
    expect(documented.filter((operation) => !succeeded.has(operation))).toEqual([]);
    // And no row names an operation the document lacks.
    expect(CASES.map((row) => row.operation).filter((operation) => !documented.includes(operation))).toEqual([]);
  });

  it("an undocumented error code fails validation", () => {
    const declared = declaredSchema("POST /api/v1/signup", 409);
    if (declared === "no body") throw new Error("409 has a body");
    const validate = ajv.getSchema(declared.ref) ?? ajv.compile({ $ref: declared.ref });
    expect(validate({ error: { code: "conflict", message: "taken" } })).toBe(true);
    expect(validate({ error: { code: "name_taken", message: "taken" } })).toBe(false);
  });
});
