import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, pageSecurityHeaders, servedOverHttps, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((part) => [part.split(" ")[0], part.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("in production admits scripts from this origin or by nonce only, and forbids framing, plugins, foreign forms and <base>", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123==", development: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("font-src")).toEqual(["'self'"]);
    // A nonce in style-src would switch 'unsafe-inline' off, and the dialogs' injected styles with it.
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("adds 'unsafe-eval' under next dev only, and never 'unsafe-inline' for scripts", () => {
    const development = directives(contentSecurityPolicy({ nonce: "n", development: true })).get("script-src");
    expect(development).toEqual(["'self'", "'nonce-n'", "'unsafe-eval'"]);
    expect(contentSecurityPolicy({ nonce: "n", development: false })).not.toContain("unsafe-eval");
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("HSTS", () => {
  it.each([
    ["https://keys.example.com", true],
    [" https://keys.example.com/console ", true],
    ["http://127.0.0.1:3000", false],
    ["http://keys.example.com", false],
    ["not a url", false],
    ["", false],
    [undefined, false],
  ])("NEXTAUTH_URL %j → served over https: %s", (url, expected) => {
    expect(servedOverHttps(url)).toBe(expected);
    const headers = pageSecurityHeaders({ nonce: "n", development: false, publicUrl: url });
    expect(headers["Strict-Transport-Security"]).toBe(expected ? STRICT_TRANSPORT_SECURITY : undefined);
  });

  it("asks for two years, subdomains included", () => {
    expect(STRICT_TRANSPORT_SECURITY).toBe("max-age=63072000; includeSubDomains");
  });
});
