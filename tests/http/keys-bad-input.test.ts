// Bad input to every keys endpoint: a 4xx in the one envelope every time, never a 500, and
// nothing created or changed (the account's keys and audit trail are compared before and after).
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createKey, listKeys } from "../support/keys";

const baseUrl = inject("baseUrl");
let cookie = "";
let keyId = "";

async function snapshot() {
  const keys = await listKeys(baseUrl, cookie, "all");
  const events = await api(baseUrl, "/api/v1/audit-events?limit=100", { cookie });
  return JSON.stringify({ keys, events: await events.json() });
}

beforeAll(async () => {
  ({ cookie } = await signUpAndSignIn(baseUrl));
  keyId = (await createKey(baseUrl, cookie, { name: "prod-bad-input-target" })).data.id;
});

type Case = {
  label: string; method?: string; path?: string; body?: string; json?: unknown; headers?: Record<string, string>;
  status: number; code?: string; field?: string; message?: string;
};

const createCases: Case[] = [
  { label: "missing name", json: {}, status: 400, field: "name" },
  { label: "empty name", json: { name: "" }, status: 400, field: "name" },
  { label: "blank name", json: { name: "   " }, status: 400, field: "name" },
  { label: "65-character name", json: { name: "x".repeat(65) }, status: 400, field: "name" },
  { label: "control character in name", json: { name: "prod\u0000splunk" }, status: 400, field: "name" },
  { label: "newline in name", json: { name: "prod\nsplunk" }, status: 400, field: "name" },
  // Look-alike names: characters that reorder or hide text are refused with their code point named.
  { label: "bidi override in name", json: { name: "prod-\u202Egnp.exe" }, status: 400, field: "name", message: "U+202E (a format character)" },
  { label: "zero-width space in name", json: { name: "prod\u200Bsplunk" }, status: 400, field: "name", message: "U+200B (a format character)" },
  { label: "zero-width joiner in name", json: { name: "prod\u200Dsplunk" }, status: 400, field: "name", message: "U+200D (a format character)" },
  { label: "byte-order mark in name", json: { name: "\uFEFFprod-splunk" }, status: 400, field: "name", message: "U+FEFF (a format character)" },
  { label: "line separator in name", json: { name: "prod\u2028splunk" }, status: 400, field: "name", message: "U+2028 (a line separator)" },
  { label: "paragraph separator in name", json: { name: "prod\u2029splunk" }, status: 400, field: "name", message: "U+2029 (a paragraph separator)" },
  { label: "trailing line separator in name", json: { name: "prod-splunk\u2029" }, status: 400, field: "name", message: "U+2029 (a paragraph separator)" },
  { label: "name as number", json: { name: 42 }, status: 400, field: "name" },
  { label: "name as array", json: { name: ["a"] }, status: 400, field: "name" },
  { label: "name null", json: { name: null }, status: 400, field: "name" },
  { label: "expires_in_days 0", json: { name: "prod-x", expires_in_days: 0 }, status: 400, field: "expires_in_days" },
  { label: "expires_in_days negative", json: { name: "prod-x", expires_in_days: -5 }, status: 400, field: "expires_in_days" },
  { label: "expires_in_days fractional", json: { name: "prod-x", expires_in_days: 1.5 }, status: 400, field: "expires_in_days" },
  { label: "expires_in_days as string", json: { name: "prod-x", expires_in_days: "90" }, status: 400, field: "expires_in_days" },
  { label: "expires_in_days over 365", json: { name: "prod-x", expires_in_days: 366 }, status: 400, field: "expires_in_days" },
  { label: "expires_in_days huge", json: { name: "prod-x", expires_in_days: 1e308 }, status: 400, field: "expires_in_days" },
  { label: "typo expires_in_day", json: { name: "prod-x", expires_in_day: 30 }, status: 400, field: "expires_in_day" },
  { label: "unknown field", json: { name: "prod-x", tier: "pro" }, status: 400, field: "tier" },
  { label: "__proto__ key", body: '{"name":"prod-x","__proto__":{"admin":true}}', status: 400, field: "__proto__" },
  { label: "constructor key", body: '{"name":"prod-x","constructor":{"prototype":{"admin":true}}}', status: 400, field: "constructor" },
  { label: "empty scopes", json: { name: "prod-x", scopes: [] }, status: 400, field: "scopes" },
  { label: "unknown scope", json: { name: "prod-x", scopes: ["admin:all"] }, status: 400, field: "scopes.0" },
  { label: "scopes as string", json: { name: "prod-x", scopes: "audit:read" }, status: 400, field: "scopes" },
  { label: "huge scopes array", json: { name: "prod-x", scopes: Array(1500).fill("k") }, status: 400, field: "scopes" },
  { label: "scopes array too big to read", json: { name: "prod-x", scopes: Array(5000).fill("audit:read") }, status: 413, code: "payload_too_large" },
  { label: "body is an array", json: [{ name: "prod-x" }], status: 400 },
  { label: "body is a string", json: "prod-x", status: 400 },
  { label: "body is null", body: "null", status: 400 },
  { label: "deeply nested", body: `{"name":"prod-x","scopes":${"[".repeat(2000)}${"]".repeat(2000)}}`, status: 400 },
  { label: "not JSON", body: "{name: prod-x", status: 400, code: "invalid_json" },
  { label: "truncated JSON", body: '{"name":"prod-x"', status: 400, code: "invalid_json" },
  { label: "text/plain body", body: '{"name":"prod-x"}', headers: { "content-type": "text/plain" }, status: 415, code: "unsupported_media_type" },
  { label: "form body", body: "name=prod-x", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, code: "unsupported_media_type" },
  { label: "no content type", body: '{"name":"prod-x"}', headers: { "content-type": "" }, status: 415, code: "unsupported_media_type" },
  { label: "oversized body", body: JSON.stringify({ name: "prod-x", pad: "x".repeat(20_000) }), status: 413, code: "payload_too_large" },
  { label: "1 MB body", body: JSON.stringify({ name: "x".repeat(1024 * 1024) }), status: 413, code: "payload_too_large" },
  { label: "cross-site origin", json: { name: "prod-x" }, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, status: 403, code: "cross_site_request" },
  { label: "Origin: null", json: { name: "prod-x" }, headers: { origin: "null", "sec-fetch-site": "" }, status: 403, code: "cross_site_request" },
  { label: "same-site but other origin", json: { name: "prod-x" }, headers: { origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" }, status: 403, code: "cross_site_request" },
];

function rotateCases(): Case[] {
  const path = `/api/v1/keys/${keyId}/rotate`;
  return [
    { label: "negative grace", path, json: { grace_period_hours: -1 }, status: 400, field: "grace_period_hours" },
    { label: "grace over 168", path, json: { grace_period_hours: 169 }, status: 400, field: "grace_period_hours" },
    { label: "grace as string", path, json: { grace_period_hours: "24" }, status: 400, field: "grace_period_hours" },
    { label: "unknown field", path, json: { grace_period_hour: 24 }, status: 400, field: "grace_period_hour" },
    { label: "__proto__", path, body: '{"__proto__":{"x":1}}', status: 400 },
    { label: "not JSON", path, body: "grace=1", status: 400, code: "invalid_json" },
    { label: "text/plain", path, body: "{}", headers: { "content-type": "text/plain" }, status: 415 },
    { label: "oversized", path, body: JSON.stringify({ pad: "x".repeat(20_000) }), status: 413 },
    { label: "cross-site", path, json: {}, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, status: 403 },
    { label: "malformed id", path: "/api/v1/keys/zzz/rotate", json: {}, status: 404 },
  ];
}

function otherCases(): Case[] {
  return [
    { label: "list: unknown status", method: "GET", path: "/api/v1/keys?status=deleted", status: 400, field: "status" },
    { label: "list: unknown query parameter", method: "GET", path: "/api/v1/keys?limit=5", status: 400, field: "limit" },
    { label: "audit: bad cursor", method: "GET", path: "/api/v1/audit-events?cursor=%27%20OR%201%3D1", status: 400, field: "cursor" },
    { label: "audit: limit 0", method: "GET", path: "/api/v1/audit-events?limit=0", status: 400, field: "limit" },
    { label: "audit: limit 10000", method: "GET", path: "/api/v1/audit-events?limit=10000", status: 400, field: "limit" },
    { label: "delete: cross-site", method: "DELETE", path: `/api/v1/keys/${keyId}`, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, status: 403 },
    { label: "delete: Origin null", method: "DELETE", path: `/api/v1/keys/${keyId}`, headers: { origin: "null", "sec-fetch-site": "" }, status: 403 },
    { label: "delete: malformed id", method: "DELETE", path: "/api/v1/keys/%00", status: 404 },
    { label: "delete: text body", method: "DELETE", path: `/api/v1/keys/${keyId}`, body: "x", headers: { "content-type": "text/plain", "sec-fetch-site": "cross-site" }, status: 403 },
  ];
}

async function check(c: Case) {
  const response = await api(baseUrl, c.path ?? "/api/v1/keys", {
    method: c.method ?? "POST",
    cookie,
    ...(c.json !== undefined ? { json: c.json } : {}),
    ...(c.body !== undefined ? { body: c.body, headers: { "content-type": "application/json", ...c.headers } } : { headers: c.headers }),
  });
  expect(response.status, c.label).toBe(c.status);
  const error = await errorEnvelope(response);
  if (c.code) expect(error.code, c.label).toBe(c.code);
  if (c.field) expect((error.details as { fields?: string[] } | undefined)?.fields ?? [], c.label).toContain(c.field);
  if (c.message) expect(error.message, c.label).toContain(c.message);
}

describe("bad input changes nothing", () => {
  it("POST /api/v1/keys", async () => {
    const before = await snapshot();
    for (const c of createCases) await check(c);
    expect(await snapshot()).toBe(before);
  });

  it("POST /api/v1/keys/{id}/rotate", async () => {
    const before = await snapshot();
    for (const c of rotateCases()) await check(c);
    expect(await snapshot()).toBe(before);
  });

  it("GET /api/v1/keys, GET /api/v1/audit-events, DELETE /api/v1/keys/{id}", async () => {
    const before = await snapshot();
    for (const c of otherCases()) await check(c);
    expect(await snapshot()).toBe(before);
  });

  it("names that differ only in Unicode normalisation are one name: the second is name_taken", async () => {
    const { cookie: ownCookie } = await signUpAndSignIn(baseUrl);
    const decomposed = await createKey(baseUrl, ownCookie, { name: "prod-cafe\u0301" });
    expect(decomposed.data.name).toBe("prod-caf\u00E9");
    const composed = await api(baseUrl, "/api/v1/keys", { json: { name: "prod-caf\u00E9" }, cookie: ownCookie });
    expect(composed.status).toBe(409);
    expect((await errorEnvelope(composed)).code).toBe("name_taken");
    const again = await api(baseUrl, "/api/v1/keys", { json: { name: "  prod-cafe\u0301 " }, cookie: ownCookie });
    expect(again.status).toBe(409);
    expect((await errorEnvelope(again)).code).toBe("name_taken");
    expect((await listKeys(baseUrl, ownCookie, "all")).map((key) => key.name)).toEqual(["prod-caf\u00E9"]);
  });

  it("random JSON thrown at POST /api/v1/keys: never a 500, and keys appear only with a 201", async () => {
    const { cookie: ownCookie } = await signUpAndSignIn(baseUrl);
    let created = 0;
    const bodyArbitrary = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { name: fc.oneof(fc.string(), fc.jsonValue()), expires_in_days: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()), scopes: fc.jsonValue() },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    await fc.assert(
      fc.asyncProperty(bodyArbitrary, async (body) => {
        const response = await api(baseUrl, "/api/v1/keys", { json: body, cookie: ownCookie });
        expect([201, 400, 409, 413]).toContain(response.status);
        if (response.status === 201) created += 1;
        else await errorEnvelope(response);
      }),
      { numRuns: 150 },
    );
    const keys = await listKeys(baseUrl, ownCookie, "all");
    expect(keys).toHaveLength(created);
  });
});
