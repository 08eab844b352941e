// A key revoked because it was found in public still has an integration waiting for a key: the
// page's one step to a replacement is a rotation of that revoked key, allowed once, with no grace
// period. Keys are exposed through a signed GitHub delivery (handled before its answer).
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { postToGithubEndpoint, signedDelivery, type GithubSigner } from "../support/github-signing";
import { createKey, withKey } from "../support/keys";

const baseUrl = inject("baseUrl");
const signer: GithubSigner = { identifier: inject("githubKeyIdentifier"), privateKeyPem: inject("githubSigningKey") };

type KeyView = {
  id: string;
  name: string;
  status: string;
  scopes: string[];
  allowed_ips: string[] | null;
  expires_at: string | null;
  revoked_at: string | null;
  exposed_at: string | null;
  replaced_by: string | null;
};
type Rotated = { data: KeyView & { key: string }; meta: { rotated_from: { id: string; stops_working_at: string } } };

const DAY_MS = 24 * 60 * 60 * 1000;

async function expose(token: string, url: string) {
  const response = await postToGithubEndpoint(baseUrl, signedDelivery(signer, JSON.stringify([{ token, type: "soc_api_key", url, source: "content" }])));
  expect(response.status).toBe(200);
}

async function keyView(cookie: string, id: string): Promise<KeyView> {
  const response = await api(baseUrl, `/api/v1/keys/${id}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: KeyView }).data;
}

function rotate(cookie: string, id: string, body: Record<string, unknown> = {}): Promise<Response> {
  return api(baseUrl, `/api/v1/keys/${id}/rotate`, { json: body, cookie });
}

async function expectConflict(response: Response, code = "conflict") {
  expect(response.status).toBe(409);
  expect((await errorEnvelope(response)).code).toBe(code);
}

describe("replacing a key revoked for a leak (POST /api/v1/keys/{id}/rotate)", () => {
  it("issues a working key with the same name, scopes, allowed addresses and expiry policy, once; a grace period is refused", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const name = `prod-splunk-${randomBytes(3).toString("hex")}`;
    const { data: leaked } = await createKey(baseUrl, cookie, { name, scopes: ["audit:read"], expires_in_days: 30, allowed_ips: ["127.0.0.0/8", "::1"] });
    await expose(leaked.key, "https://github.com/octo/leaky/blob/main/.env");
    const revoked = await keyView(cookie, leaked.id);
    expect(revoked).toMatchObject({ status: "revoked", replaced_by: null });
    expect(revoked.exposed_at).not.toBeNull();
    expect((await withKey(baseUrl, "/api/v1/me", leaked.key)).status).toBe(401);

    // It stays revoked: no grace period can bring the leaked key back.
    await expectConflict(await rotate(cookie, leaked.id, { grace_period_hours: 24 }));

    const response = await rotate(cookie, leaked.id);
    expect(response.status).toBe(201);
    const rotated = (await response.json()) as Rotated;
    const started = Date.now();
    expect(rotated.data).toMatchObject({ name, scopes: ["audit:read"], allowed_ips: ["127.0.0.0/8", "::1"], status: "active", exposed_at: null, replaced_by: null });
    const expiresIn = new Date(rotated.data.expires_at ?? 0).getTime() - started;
    expect(Math.abs(expiresIn - 30 * DAY_MS)).toBeLessThan(60_000);
    expect(rotated.meta.rotated_from).toEqual({ id: leaked.id, stops_working_at: revoked.revoked_at });
    expect((await withKey(baseUrl, "/api/v1/me", rotated.data.key)).status).toBe(200);
    expect((await withKey(baseUrl, "/api/v1/me", leaked.key)).status).toBe(401);

    // The leaked key is still revoked from the same moment, and now points at its replacement.
    expect(await keyView(cookie, leaked.id)).toMatchObject({ status: "revoked", revoked_at: revoked.revoked_at, replaced_by: rotated.data.id });
    const events = (await (await api(baseUrl, "/api/v1/audit-events?limit=20", { cookie })).json()) as {
      data: { action: string; key: { id: string } | null; metadata: Record<string, unknown> | null }[];
    };
    const rotation = events.data.find((event) => event.action === "api_key.rotated");
    expect(rotation).toMatchObject({ key: { id: leaked.id }, metadata: { new_key_id: rotated.data.id, grace_period_hours: 0, replaces_exposed_key: true } });

    // Once replaced, never again.
    await expectConflict(await rotate(cookie, leaked.id));
  });

  it("refuses a key revoked by hand (never exposed), and one revoked by hand before it was exposed", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (const exposedAfterwards of [false, true]) {
      const { data } = await createKey(baseUrl, cookie, { name: `ci-nightly-${randomBytes(3).toString("hex")}` });
      expect((await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
      if (exposedAfterwards) await expose(data.key, "https://github.com/octo/leaky/blob/main/old.env");
      await expectConflict(await rotate(cookie, data.id));
      expect((await keyView(cookie, data.id)).replaced_by).toBeNull();
    }
  });

  it("answers name_taken when a key made since the leak holds the name", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const name = `partner-soar-${randomBytes(3).toString("hex")}`;
    const { data: leaked } = await createKey(baseUrl, cookie, { name });
    await expose(leaked.key, "https://github.com/octo/leaky/blob/main/soar.env");
    await createKey(baseUrl, cookie, { name });
    await expectConflict(await rotate(cookie, leaked.id), "name_taken");
    expect((await keyView(cookie, leaked.id)).replaced_by).toBeNull();
  });

  it("under the notify policy the exposed key still works and rotates as any active key", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    expect((await api(baseUrl, "/api/v1/keys/leak-policy", { method: "PATCH", json: { policy: "notify" }, cookie })).status).toBe(200);
    const { data: flagged } = await createKey(baseUrl, cookie, { name: `staging-sentinel-${randomBytes(3).toString("hex")}` });
    await expose(flagged.key, "https://github.com/octo/leaky/blob/main/staging.env");
    expect(await keyView(cookie, flagged.id)).toMatchObject({ status: "active", revoked_at: null });
    expect((await withKey(baseUrl, "/api/v1/me", flagged.key)).status).toBe(200);
    const response = await rotate(cookie, flagged.id);
    expect(response.status).toBe(201);
    const rotated = (await response.json()) as Rotated;
    expect((await withKey(baseUrl, "/api/v1/me", rotated.data.key)).status).toBe(200);
    expect((await withKey(baseUrl, "/api/v1/me", flagged.key)).status).toBe(401);
    expect((await keyView(cookie, flagged.id)).replaced_by).toBe(rotated.data.id);
  });
});
