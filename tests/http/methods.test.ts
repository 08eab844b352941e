// Every (method, path) the API can be asked, unauthenticated: handled methods answer what they
// answer, every other method a 405 in the one envelope with an Allow header naming exactly the
// handled ones, and any path no route claims a JSON 404, never Next's empty 405 or HTML page.
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope } from "../support/client";

const baseUrl = inject("baseUrl");
const ROOT = path.resolve(import.meta.dirname, "../..");

/** [status] for a success, [status, code] for an error envelope. */
type Answer = [status: number, code?: string];
type Route = { path: string; answers: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Answer>> };

// THE table: one row per route file under app/api (a test below fails when a route file has no
// row). `{id}` is filled with a fresh UUID. List only the methods the route handles.
const ROUTES: Route[] = [
  { path: "/api/health", answers: { GET: [200] } },
  { path: "/api/ping", answers: { GET: [200] } },
  { path: "/api/v1/openapi.json", answers: { GET: [200] } },
  { path: "/api/v1/signup", answers: { POST: [400, "invalid_request"] } },
  { path: "/api/v1/me", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/notifications", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/notifications/unread-count", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/notifications/read", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/usage", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/audit-events", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/keys", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/keys/{id}", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"], DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/keys/{id}/rotate", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/keys/{id}/usage", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/account", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"] } },
  { path: "/api/v1/account/notification-settings", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"] } },
  { path: "/api/v1/account/password", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/two-factor", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/account/two-factor/totp", answers: { POST: [401, "unauthorized"], DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/account/two-factor/totp/confirm", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/two-factor/recovery-codes", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/sessions", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/sessions/{id}", answers: { DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/sessions/revoke-others", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/reauth", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/reauth/options", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/secret-scanning/github", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/keys/report-leak", answers: { POST: [400, "invalid_request"] } },
  { path: "/api/v1/keys/leak-policy", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"] } },
  { path: "/api/v1/account/passkeys", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/passkeys/registration-options", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/account/passkeys/{id}", answers: { PATCH: [401, "unauthorized"], DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/passkeys/authentication-options", answers: { POST: [200] } },
  { path: "/api/v1/webhooks", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/webhooks/{id}", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"], DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/webhooks/{id}/deliveries", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/webhooks/{id}/test", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/accounts", answers: { GET: [401, "unauthorized"] } },
  { path: "/api/v1/accounts/current", answers: { POST: [401, "unauthorized"] } },
  { path: "/api/v1/members", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/members/{id}", answers: { PATCH: [401, "unauthorized"], DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/invitations", answers: { GET: [401, "unauthorized"], POST: [401, "unauthorized"] } },
  { path: "/api/v1/invitations/{id}", answers: { DELETE: [401, "unauthorized"] } },
  { path: "/api/v1/policies", answers: { GET: [401, "unauthorized"], PATCH: [401, "unauthorized"] } },
];

// Paths no route file claims: a 404 envelope for every method.
const UNKNOWN_PATHS = [
  "/api",
  "/api/nope",
  "/api/v1",
  "/api/v1/nope",
  "/api/v1/keys/{id}/nope",
  "/api/v1/keys/{id}/rotate/again",
  "/api/v1/webhooks/{id}/nope",
  "/api/health/deep",
];

// Route files the table does not cover: next-auth's own, and the catch-all that answers the 404s.
const NOT_IN_TABLE = new Set(["/api/auth/{...nextauth}", "/api/{...path}"]);

const BODY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const ALLOW_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function concrete(template: string): string {
  return template.replaceAll("{id}", randomUUID());
}

function allowFor(route: Route): string {
  const handled = new Set<string>(Object.keys(route.answers));
  if (handled.has("GET")) handled.add("HEAD");
  handled.add("OPTIONS");
  return ALLOW_ORDER.filter((method) => handled.has(method)).join(", ");
}

/** The route files under app/api as path templates: app/api/v1/keys/[id]/route.ts → /api/v1/keys/{id}. */
function routeFileTemplates(): string[] {
  const files = readdirSync(path.join(ROOT, "app/api"), { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
  return files.map((file) => {
    const segments = path.dirname(file).split(path.sep).filter((segment) => segment !== ".");
    return ["/api", ...segments.map((segment) => segment.replace(/^\[{1,2}(\.{3})?([^\]]+)\]{1,2}$/, "{$1$2}"))].join("/");
  });
}

function expectJson(response: Response, label: string) {
  expect(response.headers.get("content-type") ?? "", label).toMatch(/^application\/json/);
}

type Case = { label: string; method: string; path: string; check: (response: Response, label: string) => Promise<void> };

function routeCases(): Case[] {
  return ROUTES.flatMap((route) => {
    const allow = allowFor(route);
    const cases: Case[] = BODY_METHODS.map((method) => {
      const answer = route.answers[method];
      const label = `${method} ${route.path} → ${answer ? answer.join(" ") : `405 (Allow: ${allow})`}`;
      return { label, method, path: route.path, check: answer ? handled(answer) : notAllowed(allow) };
    });
    const get = route.answers.GET;
    cases.push({
      label: `HEAD ${route.path} → ${get ? `${get[0]}, as GET` : "405"}`,
      method: "HEAD",
      path: route.path,
      check: async (response, label) => {
        expect(response.status, label).toBe(get ? get[0] : 405);
        if (!get) expect(response.headers.get("allow"), label).toBe(allow);
        expect(await response.text(), `${label}: a HEAD answer has no body`).toBe("");
      },
    });
    cases.push({
      label: `OPTIONS ${route.path} → 204 (Allow: ${allow})`,
      method: "OPTIONS",
      path: route.path,
      check: async (response, label) => {
        expect(response.status, label).toBe(204);
        expect(response.headers.get("allow"), label).toBe(allow);
      },
    });
    return cases;
  });
}

function handled([status, code]: Answer) {
  return async (response: Response, label: string) => {
    expect(response.status, label).toBe(status);
    expectJson(response, label);
    if (code) expect((await errorEnvelope(response)).code, label).toBe(code);
    else await response.json();
  };
}

function notAllowed(allow: string) {
  return async (response: Response, label: string) => {
    expect(response.status, label).toBe(405);
    expect(response.headers.get("allow"), label).toBe(allow);
    expectJson(response, label);
    const error = await errorEnvelope(response);
    expect(error.code, label).toBe("method_not_allowed");
    expect(error.message, label).toContain(allow);
  };
}

function unknownCases(): Case[] {
  return UNKNOWN_PATHS.flatMap((template) =>
    [...BODY_METHODS, "HEAD", "OPTIONS"].map((method) => ({
      label: `${method} ${template} → 404 not_found`,
      method,
      path: template,
      check: async (response: Response, label: string) => {
        expect(response.status, label).toBe(404);
        expectJson(response, label);
        if (method === "HEAD") expect(await response.text(), label).toBe("");
        else expect((await errorEnvelope(response)).code, label).toBe("not_found");
      },
    })),
  );
}

describe("every route file has a row in the table", () => {
  it("app/api/**/route.ts ↔ ROUTES", () => {
    const files = routeFileTemplates().filter((template) => !NOT_IN_TABLE.has(template));
    expect(files.sort()).toEqual(ROUTES.map((route) => route.path).sort());
  });
});

// A loop rather than it.each, so each test is named by its whole label.
describe("(method, path) → status and envelope, unauthenticated", () => {
  for (const { label, method, path: template, check } of routeCases()) {
    it(label, async () => check(await api(baseUrl, concrete(template), { method }), label));
  }
});

describe("paths no route claims answer a JSON 404", () => {
  for (const { label, method, path: template, check } of unknownCases()) {
    it(label, async () => check(await api(baseUrl, concrete(template), { method }), label));
  }
});

describe("outside the API", () => {
  it("GET /favicon.ico is an icon", async () => {
    const response = await api(baseUrl, "/favicon.ico");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\//);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // An ICO file starts with reserved 0, type 1 (icon), and at least one image.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes[4]).toBeGreaterThan(0);
  });
});
