import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, GOOD_PASSWORD, uniqueEmail } from "../support/client";

const baseUrl = inject("baseUrl");

// What another site can make a signed-in victim's browser send. None of it may create anything.
const crossSite: { name: string; headers: Record<string, string>; status: number; code: string }[] = [
  { name: "a foreign Origin", headers: { origin: "https://evil.example" }, status: 403, code: "cross_site_request" },
  { name: "the same host on another scheme", headers: { origin: baseUrl.replace("http:", "https:") }, status: 403, code: "cross_site_request" },
  { name: "Origin: null (sandboxed frame, data: URL)", headers: { origin: "null" }, status: 403, code: "cross_site_request" },
  { name: "Sec-Fetch-Site: cross-site without Origin", headers: { origin: "", "sec-fetch-site": "cross-site" }, status: 403, code: "cross_site_request" },
  { name: "Sec-Fetch-Site: same-site (a sibling subdomain)", headers: { "sec-fetch-site": "same-site" }, status: 403, code: "cross_site_request" },
  { name: "a text/plain form post from a foreign Origin", headers: { origin: "https://evil.example", "content-type": "text/plain" }, status: 403, code: "cross_site_request" },
  // A text/plain body needs no CORS preflight, so it must never be read as JSON, even from our own origin.
  { name: "a text/plain body from our own origin", headers: { "content-type": "text/plain" }, status: 415, code: "unsupported_media_type" },
];

describe("cross-site writes", () => {
  it.each(crossSite)("$name → $status, nothing created", async ({ headers, status, code }) => {
    const email = uniqueEmail("xsite");
    const response = await api(baseUrl, "/api/v1/signup", {
      method: "POST",
      body: JSON.stringify({ email, password: GOOD_PASSWORD }),
      headers: { "content-type": "application/json", ...headers },
    });
    expect(response.status).toBe(status);
    expect((await errorEnvelope(response)).code).toBe(code);
    expect((await api(baseUrl, "/api/v1/signup", { json: { email, password: GOOD_PASSWORD } })).status).toBe(201);
  });

  it.each([
    ["Origin and Sec-Fetch-Site: same-origin, as a browser sends them", {}],
    ["no Origin and no Sec-Fetch-Site, as curl or a server sends it", { origin: "", "sec-fetch-site": "" }],
  ])("accepts same-origin JSON: %s", async (_label, headers) => {
    const email = uniqueEmail("same");
    const response = await api(baseUrl, "/api/v1/signup", { json: { email, password: GOOD_PASSWORD }, headers });
    expect(response.status).toBe(201);
    expect((await api(baseUrl, "/api/v1/signup", { json: { email, password: GOOD_PASSWORD } })).status).toBe(409);
  });
});
