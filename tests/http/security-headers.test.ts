// What every response tells the browser: the page policy (CSP with a per-request script nonce),
// Referrer-Policy, Permissions-Policy, no framing, no sniffing, and HSTS when served over https.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, signUpAndSignIn } from "../support/client";
import { createKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

const baseUrl = inject("baseUrl");

/** Every page of the console; the signed-in ones are fetched with a session. */
const PAGES = ["/sign-in", "/sign-up", "/sign-out", "/settings/api-keys", "/settings/audit-log", "/docs/api", "/no-such-page"];

let cookie = "";
beforeAll(async () => {
  ({ cookie } = await signUpAndSignIn(baseUrl));
});

/** The policy as directive → sources, refusing a directive given twice (browsers keep the first). */
function parsePolicy(header: string | null): Map<string, string[]> {
  expect(header, "Content-Security-Policy header").not.toBeNull();
  const directives = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name.toLowerCase()), `${name} given twice`).toBe(false);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function scriptNonce(policy: Map<string, string[]>): string {
  const nonces = (policy.get("script-src") ?? []).flatMap((source) => /^'nonce-([A-Za-z0-9+/=_-]+)'$/.exec(source)?.[1] ?? []);
  expect(nonces).toHaveLength(1);
  return nonces[0] ?? "";
}

/** Every <script ...> opening tag of the page. */
function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/gi) ?? [];
}

async function page(path: string, options: { cookie?: string; headers?: Record<string, string>; base?: string } = {}) {
  const response = await api(options.base ?? baseUrl, path, { cookie: options.cookie ?? cookie, headers: options.headers });
  const html = await response.text();
  return { response, html, policy: parsePolicy(response.headers.get("content-security-policy")) };
}

describe.each(PAGES)("the page %s", (path) => {
  it("is served with a policy that admits scripts only from this origin or by this response's nonce", async () => {
    const { response, html, policy } = await page(path);
    expect(response.status).toBe(path === "/no-such-page" ? 404 : 200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);

    expect(policy.get("default-src")).toEqual(["'self'"]);
    const nonce = scriptNonce(policy);
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(["'none'", "'self'"]).toContain(policy.get("base-uri")?.join(" "));
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("font-src")).toEqual(["'self'"]);
    // The more specific forms would take precedence over script-src: none may widen it.
    for (const directive of ["script-src-elem", "script-src-attr", "worker-src"]) expect(policy.has(directive)).toBe(false);

    // Next puts the nonce on every script it renders, inline or not; one without it would be refused.
    const tags = scriptTags(html);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("gets a fresh nonce on every request", async () => {
    const first = scriptNonce((await page(path)).policy);
    const second = await page(path);
    const nonce = scriptNonce(second.policy);
    expect(nonce).not.toBe(first);
    expect(nonce.length).toBeGreaterThanOrEqual(22); // at least 128 bits in base64
    expect(second.html).not.toContain(first);
  });

  it("carries Referrer-Policy, Permissions-Policy, nosniff and no framing, and no HSTS over plain http", async () => {
    const { response } = await page(path);
    expectStaticHeaders(response);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("the policy cannot be chosen by the client", () => {
  it("a request that brings its own Content-Security-Policy and nonce gets the server's", async () => {
    const attacker = "YXR0YWNrZXItY2hvc2Vu";
    const { html, policy } = await page("/sign-in", {
      headers: { "content-security-policy": `script-src 'nonce-${attacker}' 'unsafe-inline' 'unsafe-eval'`, "x-nonce": attacker },
    });
    expect(scriptNonce(policy)).not.toBe(attacker);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(html).not.toContain(attacker);
    for (const tag of scriptTags(html)) expect(tag).toContain(`nonce="${scriptNonce(policy)}"`);
  });
});

describe("responses the page policy is not for", () => {
  it("the API, the Bearer path included, skips the proxy (no CSP, no Permissions-Policy) and still carries the other static headers", async () => {
    const { data } = await createKey(baseUrl, cookie, { name: "headers-check" });
    for (const response of [
      await api(baseUrl, "/api/health"),
      await api(baseUrl, "/api/v1/me", { headers: { authorization: `Bearer ${data.key}` } }),
      await api(baseUrl, "/api/v1/keys", { cookie }),
      await api(baseUrl, "/api/v1/openapi.json"),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toBeNull();
      expectStaticHeaders(response, { document: false });
    }
  });

  it("Next's static files and the icon skip the proxy too", async () => {
    const { html } = await page("/sign-in");
    const asset = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await api(baseUrl, asset ?? "");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-security-policy")).toBeNull();
    const icon = await api(baseUrl, "/favicon.ico");
    expect(icon.headers.get("content-security-policy")).toBeNull();
  });
});

describe("served over https (NEXTAUTH_URL=https://…, behind a TLS-terminating proxy)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { NEXTAUTH_URL: "https://console.example.test" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("pages carry HSTS, and the server still answers plain http on its own address", async () => {
    for (const path of ["/sign-in", "/sign-up", "/sign-out"]) {
      const { response, html, policy } = await page(path, { base: server.url, cookie: "" });
      expect(response.status).toBe(200);
      expect(html).toContain("<html");
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
      scriptNonce(policy);
      expectStaticHeaders(response);
    }
    // A signed-in page without a session still answers, with a redirect to sign-in that carries the headers.
    const redirect = await api(server.url, "/settings/api-keys");
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toMatch(/\/sign-in\?callbackUrl=%2Fsettings%2Fapi-keys$/);
    expect(redirect.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});

function expectStaticHeaders(response: Response, { document = true } = {}) {
  expect(response.headers.get("referrer-policy")).toBe("same-origin");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  // Permissions-Policy governs documents; JSON answers (the Bearer hot path) do without its ~400 bytes.
  if (!document) {
    expect(response.headers.get("permissions-policy")).toBeNull();
    return;
  }
  const permissions = new Map(
    (response.headers.get("permissions-policy") ?? "").split(",").map((entry) => {
      const [feature, allow] = entry.trim().split("=");
      return [feature ?? "", allow ?? ""] as const;
    }),
  );
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi", "display-capture", "browsing-topics"]) {
    expect(permissions.get(feature), feature).toBe("()");
  }
  for (const feature of ["clipboard-read", "clipboard-write", "publickey-credentials-get", "publickey-credentials-create"]) {
    expect(permissions.get(feature), feature).toBe("(self)");
  }
}
