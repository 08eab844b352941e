// Keys restricted by client address: allowed_ips on create and PATCH /api/v1/keys/{id}. The
// servers here trust one proxy hop (TRUST_PROXY_HOPS=1), so a test can speak from any address
// through X-Forwarded-For, as requests arriving through a load balancer do.
import { describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { auditEvents, createKey, listKeys, withKey } from "../support/keys";
import { ownServers } from "../support/own-servers";
import type { RunningServer } from "../support/server";

const servers = ownServers();
const behindProxy = (): Promise<RunningServer> => servers.start({ env: { TRUST_PROXY_HOPS: "1" } });
const from = (address: string) => ({ "x-forwarded-for": address });

type KeyBody = { data: { id: string; name: string; allowed_ips: string[] | null }; meta?: { name_warning?: string } };

function patchKey(server: RunningServer, cookie: string, id: string, json: unknown, headers: Record<string, string> = {}) {
  return api(server.url, `/api/v1/keys/${id}`, { method: "PATCH", cookie, json, headers });
}

describe("a key restricted to addresses", () => {
  it("is refused from elsewhere with 403 ip_not_allowed naming the address, spending no rate-limit point", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-splunk-hf", allowed_ips: ["203.0.113.0/24", "2001:db8:42::/48"] });
    expect(data.allowed_ips).toEqual(["203.0.113.0/24", "2001:db8:42::/48"]);

    // Without the check, this is the attack: a leaked key works from anywhere.
    const stolen = await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.7"));
    expect(stolen.status).toBe(403);
    const error = await errorEnvelope(stolen);
    expect(error.code).toBe("ip_not_allowed");
    expect(error.message).toContain("198.51.100.7");
    expect(error.details).toEqual({ address: "198.51.100.7" });
    // The allowlist itself is not told to whoever holds the key.
    expect(JSON.stringify(error)).not.toContain("203.0.113.0");
    expect(stolen.headers.get("x-ratelimit-remaining")).toBeNull();

    for (const [address, status] of [
      ["203.0.113.9", 200],
      ["::ffff:203.0.113.10", 200],
      ["2001:db8:42:7::1", 200],
      ["2001:db8:43::1", 403],
      ["203.0.114.1", 403],
    ] as const) {
      const response = await withKey(server.url, "/api/v1/me", data.key, from(address));
      expect(response.status, address).toBe(status);
    }
    // 3 served requests spent 3 points; the 3 refusals from elsewhere spent none.
    const served = await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.1"));
    expect(served.headers.get("x-ratelimit-remaining")).toBe(String(60 - 4));
  });

  it("50 requests at once from a forbidden address are all refused, and the key's budget is untouched", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-sentinel", allowed_ips: ["203.0.113.7"] });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => withKey(server.url, "/api/v1/me", data.key, from(`198.51.100.${i + 1}`))));
    expect(answers.map((response) => response.status)).toEqual(Array(50).fill(403));
    const ok = await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("59");
  });

  it("PATCH narrows the list and the very next request from the old address is refused; null opens it again", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "ci-github-actions" });
    expect(data.allowed_ips).toBeNull();
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.7"))).status).toBe(200);

    const narrowed = await patchKey(server, cookie, data.id, { allowed_ips: ["203.0.113.7", "203.0.113.7/32", "::ffff:203.0.113.8"] });
    expect(narrowed.status).toBe(200);
    expect(((await narrowed.json()) as KeyBody).data.allowed_ips).toEqual(["203.0.113.7", "203.0.113.8"]);
    // Cached a moment ago as "anywhere": the change drops it from the cache before the answer.
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.7"))).status).toBe(403);
    expect((await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.8"))).status).toBe(200);

    const opened = await patchKey(server, cookie, data.id, { allowed_ips: null });
    expect(((await opened.json()) as KeyBody).data.allowed_ips).toBeNull();
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.7"))).status).toBe(200);

    // Each change is audited with what it was and what it became; a change to the same list is none.
    expect((await patchKey(server, cookie, data.id, { allowed_ips: [] })).status).toBe(200);
    const events = (await (await api(server.url, `/api/v1/audit-events?key_id=${data.id}`, { cookie })).json()) as {
      data: { action: string; metadata: { before?: unknown; after?: unknown } | null }[];
    };
    const updates = events.data.filter((event) => event.action === "api_key.updated");
    expect(updates.map((event) => event.metadata)).toEqual([
      { before: { allowed_ips: ["203.0.113.7", "203.0.113.8"] }, after: { allowed_ips: null } },
      { before: { allowed_ips: null }, after: { allowed_ips: ["203.0.113.7", "203.0.113.8"] } },
    ]);
  });

  it("a rotation carries the list to the new key", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-forwarder", allowed_ips: ["203.0.113.7"] });
    const rotated = await api(server.url, `/api/v1/keys/${data.id}/rotate`, { cookie, json: {} });
    const { data: fresh } = (await rotated.json()) as { data: { key: string; allowed_ips: string[] | null } };
    expect(fresh.allowed_ips).toEqual(["203.0.113.7"]);
    expect((await withKey(server.url, "/api/v1/me", fresh.key, from("198.51.100.7"))).status).toBe(403);
  });
});

describe("PATCH /api/v1/keys/{id}", () => {
  it("renames, with the name advice, and the audit event says from what to what", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-splunk" });
    // The key in use, so its answer is cached (GET /api/v1/me serialises the key's own fields once
    // per key load): the new name must show on the very next request all the same.
    const nameSeen = async () => ((await (await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7"))).json()) as { data: { name: string } }).data.name;
    expect(await nameSeen()).toBe("prod-splunk");
    const renamed = await patchKey(server, cookie, data.id, { name: "prod-splunk-2026q4" });
    expect(renamed.status).toBe(200);
    const body = (await renamed.json()) as KeyBody;
    expect(body.data.name).toBe("prod-splunk-2026q4");
    expect(await nameSeen()).toBe("prod-splunk-2026q4");
    expect(body.meta).toBeUndefined();
    const vague = (await (await patchKey(server, cookie, data.id, { name: "key2" })).json()) as KeyBody;
    expect(vague.meta?.name_warning).toContain("descriptive");
    const events = await auditEvents(server.url, cookie);
    expect(events.filter((event) => event.action === "api_key.updated")).toHaveLength(2);
  });

  it("refuses bad input in the envelope and changes nothing", async () => {
    const server = await behindProxy();
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-a", allowed_ips: ["203.0.113.7"] });
    await createKey(server.url, cookie, { name: "prod-b" });
    const cases: { label: string; body: unknown; status: number; code: string; contains?: string }[] = [
      { label: "empty body", body: {}, status: 400, code: "invalid_request", contains: "name, allowed_ips" },
      { label: "unknown field", body: { scopes: ["keys:read"] }, status: 400, code: "invalid_request" },
      { label: "octal address", body: { allowed_ips: ["010.0.0.1"] }, status: 400, code: "invalid_request", contains: "010.0.0.1" },
      { label: "short IPv4", body: { allowed_ips: ["10.1"] }, status: 400, code: "invalid_request" },
      { label: "host bits", body: { allowed_ips: ["10.1.2.3/8"] }, status: 400, code: "invalid_request", contains: "10.0.0.0/8" },
      { label: "hostname", body: { allowed_ips: ["example.com"] }, status: 400, code: "invalid_request" },
      { label: "not a list", body: { allowed_ips: "203.0.113.7" }, status: 400, code: "invalid_request" },
      { label: "21 entries", body: { allowed_ips: Array.from({ length: 21 }, (_, i) => `192.0.2.${i}`) }, status: 400, code: "invalid_request", contains: "20" },
      { label: "empty name", body: { name: " " }, status: 400, code: "invalid_request" },
      { label: "a name in use", body: { name: "prod-b" }, status: 409, code: "name_taken" },
    ];
    for (const c of cases) {
      const response = await patchKey(server, cookie, data.id, c.body);
      expect(response.status, c.label).toBe(c.status);
      const error = await errorEnvelope(response);
      expect(error.code, c.label).toBe(c.code);
      if (c.contains) expect(JSON.stringify(error), c.label).toContain(c.contains);
    }
    const [key] = (await listKeys(server.url, cookie)).filter((k) => k.id === data.id);
    expect(key).toMatchObject({ name: "prod-a", allowed_ips: ["203.0.113.7"] });
    expect((await auditEvents(server.url, cookie)).filter((event) => event.action === "api_key.updated")).toHaveLength(0);
  });

  it("only the owner's session may change a key: others get 404, keys 401, other sites 403; revoked keys 409", async () => {
    const server = await behindProxy();
    const owner = await signUpAndSignIn(server.url);
    const stranger = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, owner.cookie, { name: "prod-owned" });
    const strangers = await patchKey(server, stranger.cookie, data.id, { allowed_ips: ["198.51.100.7"] });
    expect(strangers.status).toBe(404);
    expect((await errorEnvelope(strangers)).code).toBe("not_found");
    const withBearer = await api(server.url, `/api/v1/keys/${data.id}`, { method: "PATCH", json: { name: "x-y" }, headers: { authorization: `Bearer ${data.key}` } });
    expect(withBearer.status).toBe(401);
    const crossSite = await patchKey(server, owner.cookie, data.id, { allowed_ips: ["198.51.100.7"] }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await errorEnvelope(crossSite)).code).toBe("cross_site_request");
    expect((await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7"))).status).toBe(200);

    await api(server.url, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie: owner.cookie });
    const revoked = await patchKey(server, owner.cookie, data.id, { name: "prod-owned-2" });
    expect(revoked.status).toBe(409);
    expect((await errorEnvelope(revoked)).code).toBe("conflict");
  });
});
