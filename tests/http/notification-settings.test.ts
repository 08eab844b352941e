// Settings → Account → E-mail notifications over HTTP: defaults, partial changes, bad input and
// refused callers change nothing, and one user's change is theirs alone.
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { ageReauthentication } from "../support/db-inspect";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const PATH = "/api/v1/account/notification-settings";

type Settings = { email: { configured: boolean; address: string; expiry: boolean; exposure: boolean; new_source: boolean } };

async function settings(cookie: string): Promise<Settings["email"]> {
  const response = await api(baseUrl, PATH, { cookie });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: Settings };
  expect(Object.keys(body)).toEqual(["data"]);
  return body.data.email;
}

async function patch(cookie: string, json: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api(baseUrl, PATH, { method: "PATCH", json, cookie, headers });
}

describe("GET /api/v1/account/notification-settings", () => {
  it("answers every preference on for a new user, with their address and whether e-mail is configured", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    // The shared test server runs without SMTP_URL.
    expect(await settings(cookie)).toEqual({ configured: false, address: user.email, expiry: true, exposure: true, new_source: true });
  });

  it("refuses a caller who is not signed in", async () => {
    const response = await api(baseUrl, PATH);
    expect(response.status).toBe(401);
    expect((await errorEnvelope(response)).code).toBe("unauthorized");
  });
});

describe("PATCH /api/v1/account/notification-settings", () => {
  it("turning an alert off needs a recent proof of identity (sudo mode); turning one on does not", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    await ageReauthentication(databaseUrl, user.email, 3 * 60 * 60 * 1000);
    const off = await api(baseUrl, PATH, { method: "PATCH", json: { email: { exposure: false } }, cookie });
    expect(off.status).toBe(403);
    expect((await errorEnvelope(off)).code).toBe("reauthentication_required");
    const now = (await (await api(baseUrl, PATH, { cookie })).json()) as { data: { email: { exposure: boolean } } };
    expect(now.data.email.exposure).toBe(true);
    const on = await api(baseUrl, PATH, { method: "PATCH", json: { email: { exposure: true, expiry: true } }, cookie });
    expect(on.status).toBe(200);
  });

  it("changes only what was sent", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const first = await patch(cookie, { email: { new_source: false } });
    expect(first.status).toBe(200);
    const expected = { configured: false, address: user.email, expiry: true, exposure: true, new_source: false };
    expect(((await first.json()) as { data: Settings }).data.email).toEqual(expected);
    expect(await settings(cookie)).toEqual(expected);

    const second = await patch(cookie, { email: { expiry: false, exposure: false } });
    expect(second.status).toBe(200);
    expect(await settings(cookie)).toEqual({ ...expected, expiry: false, exposure: false, new_source: false });

    expect((await patch(cookie, { email: { expiry: true, new_source: true } })).status).toBe(200);
    expect(await settings(cookie)).toEqual({ ...expected, expiry: true, exposure: false, new_source: true });
  });

  it("is one user's own: another user's preferences stay as they were", async () => {
    const alice = await signUpAndSignIn(baseUrl);
    const bob = await signUpAndSignIn(baseUrl);
    expect((await patch(alice.cookie, { email: { expiry: false, exposure: false, new_source: false } })).status).toBe(200);
    expect(await settings(bob.cookie)).toMatchObject({ address: bob.user.email, expiry: true, exposure: true, new_source: true });
  });

  it.each([
    ["a string for a boolean", { email: { expiry: "no" } }, ["email.expiry"]],
    ["null for a boolean", { email: { exposure: null } }, ["email.exposure"]],
    ["an unknown preference", { email: { expiry: false, digest: true } }, ["email.digest"]],
    ["an unknown top-level field", { email: { expiry: false }, sms: { expiry: true } }, ["sms"]],
    ["no preference at all", { email: {} }, ["email"]],
    ["no email object", {}, ["email"]],
    ["the address (not changeable here)", { email: { address: "other@example.test" } }, ["email.address", "email"]],
  ])("refuses %s with 400 and changes nothing", async (_label, body, fields) => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    expect((await patch(cookie, { email: { exposure: false } })).status).toBe(200);
    const before = await settings(cookie);
    const response = await patch(cookie, body);
    expect(response.status).toBe(400);
    const error = await errorEnvelope(response);
    expect(error.code).toBe("invalid_request");
    expect((error.details as { fields: string[] }).fields).toEqual(fields);
    expect(await settings(cookie)).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const response = await api(baseUrl, PATH, { method: "PATCH", body: "email.expiry=false", cookie, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(415);
    expect((await errorEnvelope(response)).code).toBe("unsupported_media_type");
    expect((await settings(cookie)).expiry).toBe(true);
  });

  it("refuses a caller who is not signed in", async () => {
    const response = await patch("", { email: { expiry: false } });
    expect(response.status).toBe(401);
    expect((await errorEnvelope(response)).code).toBe("unauthorized");
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site without Origin", { origin: "", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["a text/plain form post from a foreign Origin", { origin: "https://evil.example", "content-type": "text/plain" }],
  ])("refuses a cross-site write (%s) and changes nothing", async (_label, headers) => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const response = await patch(cookie, { email: { expiry: false, exposure: false, new_source: false } }, headers);
    expect(response.status).toBe(403);
    expect((await errorEnvelope(response)).code).toBe("cross_site_request");
    expect(await settings(cookie)).toMatchObject({ expiry: true, exposure: true, new_source: true });
  });
});
