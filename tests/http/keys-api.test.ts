// The keys API exactly as the published contract (shared/seeds) says, and the issue around it.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { withClient } from "../support/database";
import { dumpDatabase } from "../support/db-inspect";
import { auditEvents, createKey, KEY_FORMAT, listKeys, setTier, withKey } from "../support/keys";

const baseUrl = inject("baseUrl");
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WARNING = "Store this API key securely. It will not be shown again.";

/** The global AuditEvent.seq numbers of an account's events, read from the server's database. */
async function globalSeqsOf(accountId: string): Promise<number[]> {
  const url = inject("databaseUrl");
  if (inject("databaseProvider") === "postgresql") {
    return withClient(url, async (client) =>
      (await client.query(`SELECT "seq" FROM "AuditEvent" WHERE "accountId" = $1 ORDER BY "seq"`, [accountId])).rows.map((row: { seq: number }) => Number(row.seq)),
    );
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    return (db.prepare(`SELECT "seq" FROM "AuditEvent" WHERE "accountId" = ? ORDER BY "seq"`).all(accountId) as { seq: number }[]).map((row) => row.seq);
  } finally {
    db.close();
  }
}

describe("POST /api/v1/keys", () => {
  it("answers 201 with the contract's fields, the secret as key and full_key, and the warning", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const before = Date.now();
    const response = await api(baseUrl, "/api/v1/keys", { json: { name: "prod-splunk-2026q2", expires_in_days: 90 }, cookie });
    expect(response.status).toBe(201);
    const { data, meta } = (await response.json()) as { data: Record<string, unknown>; meta: Record<string, unknown> };
    expect(Object.keys(data).sort()).toEqual(
      [
        "id", "name", "key_preview", "tier", "scopes", "rate_limit_per_minute", "rate_limit_per_day", "total_requests",
        "last_used_at", "created_at", "expires_at", "key", "full_key", "status", "revoked_at",
        // Added by the key-side issue, beside the seed contract's fields (which are unchanged).
        "allowed_ips", "last_used_ip", "last_used_user_agent",
        // Added by the leak loop (issue 12): null until the key is found in public.
        "exposed_at", "exposure_url", "exposure_source",
        // Added by the leak page: the key a rotation issued in its place, so the page knows a leak is dealt with.
        "replaced_by",
        // Added by teams (issue 14): who made the key; the account owns it.
        "created_by",
      ].sort(),
    );
    expect(data.id).toMatch(UUID);
    expect(data.name).toBe("prod-splunk-2026q2");
    expect(data.key).toMatch(KEY_FORMAT);
    expect(data.full_key).toBe(data.key);
    expect([data.exposed_at, data.exposure_url, data.exposure_source]).toEqual([null, null, null]);
    expect(data.key_preview).toBe(`sk_live_••••••••${String(data.key).slice(-4)}`);
    expect(data.tier).toBe("free");
    expect(data.scopes).toEqual(["audit:read", "keys:read"]);
    expect(data.rate_limit_per_minute).toBe(60);
    expect(data.rate_limit_per_day).toBe(1000);
    expect(data.total_requests).toBe(0);
    expect(data.last_used_at).toBeNull();
    expect(data.created_at).toMatch(ISO_UTC);
    expect(data.expires_at).toMatch(ISO_UTC);
    const expiresIn = Date.parse(String(data.expires_at)) - before;
    expect(expiresIn).toBeGreaterThan(90 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThan(90 * 86_400_000 + 60_000);
    expect(data.status).toBe("active");
    expect(data.revoked_at).toBeNull();
    expect(meta).toEqual({ warning: WARNING });
  });

  it("keys never expire without expires_in_days (omitted or null)", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    expect((await createKey(baseUrl, cookie, { name: "staging-sentinel" })).data.expires_at).toBeNull();
    expect((await createKey(baseUrl, cookie, { name: "ci-github-actions", expires_in_days: null })).data.expires_at).toBeNull();
  });

  it("every key is different and carries a valid checksum", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const keys = await Promise.all(["a-prod", "b-prod", "c-prod", "d-prod", "e-prod"].map((name) => createKey(baseUrl, cookie, { name })));
    const secrets = new Set(keys.map((k) => k.data.key));
    expect(secrets.size).toBe(5);
  });

  it("names without deployment context are accepted with the page's advice in meta.name_warning", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (const name of ["key1", "test", "my key"]) {
      const { meta } = await createKey(baseUrl, cookie, { name });
      expect(meta.name_warning, name).toMatch(/deployment-aware/);
    }
    for (const name of ["prod-splunk-2026q2", "staging-sentinel", "tom-laptop-dev"]) {
      const { meta } = await createKey(baseUrl, cookie, { name });
      expect(meta.name_warning, name).toBeUndefined();
    }
  });

  it("trims names and refuses a second active key with the same name (409), allowing it once the first is revoked", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const first = await createKey(baseUrl, cookie, { name: "  prod-sentinel  " });
    expect(first.data.name).toBe("prod-sentinel");
    const duplicate = await api(baseUrl, "/api/v1/keys", { json: { name: "prod-sentinel" }, cookie });
    expect(duplicate.status).toBe(409);
    expect((await errorEnvelope(duplicate)).code).toBe("name_taken");
    await api(baseUrl, `/api/v1/keys/${first.data.id}`, { method: "DELETE", cookie });
    await createKey(baseUrl, cookie, { name: "prod-sentinel" });
  });

  it("scopes: a subset is kept (duplicates dropped); a scope beyond the tier is refused naming the allowed ones", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const narrowed = await createKey(baseUrl, cookie, { name: "siem-pull", scopes: ["audit:read", "audit:read"] });
    expect(narrowed.data.scopes).toEqual(["audit:read"]);
    const refused = await api(baseUrl, "/api/v1/keys", { json: { name: "usage-pull", scopes: ["usage:read"] }, cookie });
    expect(refused.status).toBe(400);
    const error = await errorEnvelope(refused);
    expect(error.message).toContain("audit:read, keys:read");
    expect(error.details).toMatchObject({ fields: ["scopes"] });
  });

  it("a free account holds at most 10 active keys; the 11th is refused with 409 saying so", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (let i = 1; i <= 10; i++) await createKey(baseUrl, cookie, { name: `prod-forwarder-${i}` });
    const eleventh = await api(baseUrl, "/api/v1/keys", { json: { name: "prod-forwarder-11" }, cookie });
    expect(eleventh.status).toBe(409);
    const error = await errorEnvelope(eleventh);
    expect(error.code).toBe("key_limit_reached");
    expect(error.message).toMatch(/10 active keys/);
  });

  it("twenty concurrent creates with one name leave exactly one active key with that name", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api(baseUrl, "/api/v1/keys", { json: { name: "prod-race-condition" }, cookie })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const active = (await listKeys(baseUrl, cookie, "active")).filter((k) => k.name === "prod-race-condition");
    expect(active).toHaveLength(1);
  });
});

describe("tier is live", () => {
  it("when an account moves to pro its keys report pro and pro limits; keys on the tier default gain its scopes", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const following = await createKey(baseUrl, cookie, { name: "prod-follows-tier" });
    const fixed = await createKey(baseUrl, cookie, { name: "prod-fixed-scopes", scopes: ["audit:read", "keys:read"] });
    await setTier(inject("databaseUrl"), user.email, "pro");
    const keys = await listKeys(baseUrl, cookie);
    expect(keys.find((k) => k.id === following.data.id)).toMatchObject({
      tier: "pro",
      rate_limit_per_minute: 600,
      rate_limit_per_day: 100000,
      scopes: ["audit:read", "keys:read", "usage:read"],
    });
    // An explicit list stays as chosen.
    expect(keys.find((k) => k.id === fixed.data.id)).toMatchObject({ tier: "pro", scopes: ["audit:read", "keys:read"] });
    // And back: a downgrade takes the pro scope away again.
    await setTier(inject("databaseUrl"), user.email, "free");
    const after = await listKeys(baseUrl, cookie);
    expect(after.find((k) => k.id === following.data.id)).toMatchObject({ tier: "free", rate_limit_per_minute: 60, scopes: ["audit:read", "keys:read"] });
  });
});

describe("GET, DELETE and rotate", () => {
  it("lists newest first without secrets, filters by status, reads one key", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const a = await createKey(baseUrl, cookie, { name: "prod-a" });
    const b = await createKey(baseUrl, cookie, { name: "prod-b" });
    const c = await createKey(baseUrl, cookie, { name: "prod-c" });
    await api(baseUrl, `/api/v1/keys/${b.data.id}`, { method: "DELETE", cookie });

    const listResponse = await api(baseUrl, "/api/v1/keys", { cookie });
    const text = await listResponse.text();
    for (const created of [a, b, c]) expect(text).not.toContain(created.data.key);
    const active = (JSON.parse(text) as { data: { id: string; status: string }[] }).data;
    expect(active.map((k) => k.id)).toEqual([c.data.id, a.data.id]);
    expect((await listKeys(baseUrl, cookie, "revoked")).map((k) => k.id)).toEqual([b.data.id]);
    expect((await listKeys(baseUrl, cookie, "expired")).map((k) => k.id)).toEqual([]);
    expect((await listKeys(baseUrl, cookie, "all")).map((k) => k.id)).toEqual([c.data.id, b.data.id, a.data.id]);

    const one = await api(baseUrl, `/api/v1/keys/${a.data.id}`, { cookie });
    expect(one.status).toBe(200);
    const body = (await one.json()) as { data: Record<string, unknown> };
    expect(body.data.id).toBe(a.data.id);
    expect(body.data).not.toHaveProperty("key");
    expect(body.data).not.toHaveProperty("full_key");
  });

  it("DELETE revokes at once; revoking again answers the same and records one event", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, cookie, { name: "prod-revoke-me" });
    const first = await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie });
    expect(first.status).toBe(200);
    const revoked = ((await first.json()) as { data: { status: string; revoked_at: string } }).data;
    expect(revoked.status).toBe("revoked");
    expect(revoked.revoked_at).toMatch(ISO_UTC);
    const second = await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie });
    expect(second.status).toBe(200);
    expect(((await second.json()) as { data: unknown }).data).toEqual(revoked);
    const events = (await auditEvents(baseUrl, cookie)).filter((e) => e.action === "api_key.revoked");
    expect(events).toHaveLength(1);
  });

  it("rotate answers 201 like a create: same name, scopes and expiry policy, a new secret shown once", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const old = await createKey(baseUrl, cookie, { name: "partner-acme-prod", expires_in_days: 30, scopes: ["audit:read"] });
    const response = await api(baseUrl, `/api/v1/keys/${old.data.id}/rotate`, { json: { grace_period_hours: 24 }, cookie });
    expect(response.status).toBe(201);
    const { data, meta } = (await response.json()) as { data: Record<string, unknown>; meta: Record<string, unknown> };
    expect(data.id).not.toBe(old.data.id);
    expect(data.name).toBe("partner-acme-prod");
    expect(data.scopes).toEqual(["audit:read"]);
    expect(data.key).toMatch(KEY_FORMAT);
    expect(data.key).not.toBe(old.data.key);
    expect(data.full_key).toBe(data.key);
    expect(Date.parse(String(data.expires_at)) - Date.parse(String(data.created_at))).toBe(30 * 86_400_000);
    expect(meta.warning).toBe(WARNING);
    // The old key keeps working through the grace period, and then counts as revoked.
    const oldNow = (await listKeys(baseUrl, cookie, "all")).find((k) => k.id === old.data.id);
    expect(oldNow?.status).toBe("active");
    const stops = (meta.rotated_from as { stops_working_at: string }).stops_working_at;
    // The list says when the replaced key stops.
    expect(oldNow?.revoked_at).toBe(stops);
    expect(Date.parse(stops) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // Rotating the old key again is refused: it has already been replaced.
    const again = await api(baseUrl, `/api/v1/keys/${old.data.id}/rotate`, { json: {}, cookie });
    expect(again.status).toBe(409);
  });

  it("rotate with no grace period revokes the old key at once", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const old = await createKey(baseUrl, cookie, { name: "ci-build-prod" });
    const response = await api(baseUrl, `/api/v1/keys/${old.data.id}/rotate`, { cookie, method: "POST" });
    expect(response.status).toBe(201);
    const keys = await listKeys(baseUrl, cookie, "all");
    expect(keys.find((k) => k.id === old.data.id)?.status).toBe("revoked");
    expect(keys.filter((k) => k.status === "active").map((k) => k.name)).toEqual(["ci-build-prod"]);
  });
});

describe("rotation and the active-key cap", () => {
  // A key in its grace period still works, so it holds a place under the cap until the grace ends.
  it("at the cap a graced rotation is refused 409 and changes nothing; without grace it goes through; a key in grace holds its place", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const capped = async (i: number) => (await createKey(baseUrl, cookie, { name: `prod-capped-${i}` })).data;
    const [first, second, third, fourth, fifth] = [await capped(1), await capped(2), await capped(3), await capped(4), await capped(5)];
    for (let i = 6; i <= 10; i++) await capped(i);
    const keysBefore = await listKeys(baseUrl, cookie, "all");
    const eventsBefore = await auditEvents(baseUrl, cookie);

    const refused = await api(baseUrl, `/api/v1/keys/${first.id}/rotate`, { json: { grace_period_hours: 1 }, cookie });
    expect(refused.status).toBe(409);
    const error = await errorEnvelope(refused);
    expect(error.code).toBe("key_limit_reached");
    expect(error.message).toMatch(/10 active keys/);
    expect(error.message).toMatch(/revoke a key or rotate with no grace period/i);
    // Nothing changed: no new key, no audit event, the old key untouched and still working.
    expect(await listKeys(baseUrl, cookie, "all")).toEqual(keysBefore);
    expect(await auditEvents(baseUrl, cookie)).toEqual(eventsBefore);
    expect((await withKey(baseUrl, "/api/v1/me", first.key)).status).toBe(200);

    // No grace period (0, or omitted, which means 0): the old key stops as the new one starts.
    for (const [key, body] of [[first, { grace_period_hours: 0 }], [second, {}]] as const) {
      const rotated = await api(baseUrl, `/api/v1/keys/${key.id}/rotate`, { json: body, cookie });
      expect(rotated.status, JSON.stringify(body)).toBe(201);
      expect((await withKey(baseUrl, "/api/v1/me", key.key)).status).toBe(401);
    }
    expect(await listKeys(baseUrl, cookie, "active")).toHaveLength(10);

    // One below the cap, a graced rotation takes the last place...
    expect((await api(baseUrl, `/api/v1/keys/${third.id}`, { method: "DELETE", cookie })).status).toBe(200);
    const graced = await api(baseUrl, `/api/v1/keys/${fourth.id}/rotate`, { json: { grace_period_hours: 1 }, cookie });
    expect(graced.status).toBe(201);
    expect((await withKey(baseUrl, "/api/v1/me", fourth.key)).status).toBe(200);
    const active = await listKeys(baseUrl, cookie, "active");
    expect(active).toHaveLength(10);
    expect(active.map((k) => k.id)).toContain(fourth.id);
    // ...and the key in grace counts: neither a create nor another graced rotation fits.
    const create = await api(baseUrl, "/api/v1/keys", { json: { name: "prod-capped-11" }, cookie });
    expect(create.status).toBe(409);
    expect((await errorEnvelope(create)).code).toBe("key_limit_reached");
    const again = await api(baseUrl, `/api/v1/keys/${fifth.id}/rotate`, { json: { grace_period_hours: 0.5 }, cookie });
    expect(again.status).toBe(409);
    expect((await errorEnvelope(again)).code).toBe("key_limit_reached");
  });

  it("concurrent graced rotations on an account one below the cap: exactly one succeeds", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const keys = [];
    for (let i = 1; i <= 9; i++) keys.push((await createKey(baseUrl, cookie, { name: `prod-race-rotate-${i}` })).data);
    const responses = await Promise.all(keys.map((key) => api(baseUrl, `/api/v1/keys/${key.id}/rotate`, { json: { grace_period_hours: 1 }, cookie })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(8);
    for (const response of responses.filter((r) => r.status === 409)) expect((await errorEnvelope(response)).code).toBe("key_limit_reached");
    expect(await listKeys(baseUrl, cookie, "active")).toHaveLength(10);
    expect((await auditEvents(baseUrl, cookie)).filter((e) => e.action === "api_key.rotated")).toHaveLength(1);
  });
});

describe("accounts are isolated", () => {
  it("nobody can read, revoke or rotate another account's key, and the answer is the same as for an unknown id", async () => {
    const alice = await signUpAndSignIn(baseUrl);
    const mallory = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, alice.cookie, { name: "prod-alice-splunk" });
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const id of [data.id, data.id.toUpperCase(), unknown, "not-a-uuid", "1", "..%2F..%2Fkeys"]) {
      for (const [method, path] of [
        ["GET", `/api/v1/keys/${id}`],
        ["DELETE", `/api/v1/keys/${id}`],
        ["POST", `/api/v1/keys/${id}/rotate`],
      ] as const) {
        const response = await api(baseUrl, path, { method, cookie: mallory.cookie, ...(method === "POST" ? { json: {} } : {}) });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(await errorEnvelope(response)).toEqual({ code: "not_found", message: "No such API key." });
      }
    }
    expect(await listKeys(baseUrl, mallory.cookie)).toEqual([]);
    const alicesKey = (await listKeys(baseUrl, alice.cookie, "all")).find((k) => k.id === data.id);
    expect(alicesKey?.status).toBe("active");
    expect((await auditEvents(baseUrl, mallory.cookie)).length).toBe(0);
  });

  it("every keys endpoint needs a session: 401 in the envelope", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/keys"],
      ["POST", "/api/v1/keys"],
      ["GET", "/api/v1/keys/00000000-0000-4000-8000-000000000000"],
      ["DELETE", "/api/v1/keys/00000000-0000-4000-8000-000000000000"],
      ["POST", "/api/v1/keys/00000000-0000-4000-8000-000000000000/rotate"],
      ["GET", "/api/v1/audit-events"],
    ] as const) {
      const response = await api(baseUrl, path, { method, ...(method === "POST" ? { json: { name: "prod-x" } } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect((await errorEnvelope(response)).code).toBe("unauthorized");
    }
  });
});

describe("audit trail", () => {
  it("records who created, rotated and revoked which key, when and from where, newest first with a cursor", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const created = await createKey(baseUrl, cookie, { name: "prod-audit-trail" });
    const rotated = await api(baseUrl, `/api/v1/keys/${created.data.id}/rotate`, { json: { grace_period_hours: 1 }, cookie, headers: { "user-agent": "audit-test/1.0" } });
    const newKey = ((await rotated.json()) as { data: { id: string } }).data;
    await api(baseUrl, `/api/v1/keys/${newKey.id}`, { method: "DELETE", cookie });

    const page1 = await api(baseUrl, "/api/v1/audit-events?limit=2&type=api_key,account", { cookie });
    const body1 = (await page1.json()) as { data: Record<string, unknown>[]; meta: { next_cursor: string | null } };
    expect(body1.data.map((e) => e.action)).toEqual(["api_key.revoked", "api_key.rotated"]);
    expect(body1.data[1]).toMatchObject({
      actor: { user_id: user.id, email: user.email },
      key: { id: created.data.id, name: "prod-audit-trail" },
      ip: expect.any(String),
      user_agent: "audit-test/1.0",
      metadata: { new_key_id: newKey.id, grace_period_hours: 1 },
    });
    expect(body1.meta.next_cursor).toEqual(expect.any(String));
    const page2 = await api(baseUrl, `/api/v1/audit-events?limit=2&type=api_key,account&cursor=${body1.meta.next_cursor}`, { cookie });
    const body2 = (await page2.json()) as { data: Record<string, unknown>[]; meta: { next_cursor: string | null } };
    expect(body2.data.map((e) => e.action)).toEqual(["api_key.created"]);
    expect(body2.meta.next_cursor).toBeNull();
  });
});

describe("audit cursors are account-local and opaque", () => {
  type AuditPage = { data: { id: string; action: string }[]; meta: { next_cursor: string | null; next_since: string } };
  const page = async (cookie: string, query: string): Promise<AuditPage> => {
    // Key events only: each sign-in of these tests is an auth.signed_in event too.
    const response = await api(baseUrl, `/api/v1/audit-events?${query}&type=api_key,account`, { cookie });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as AuditPage;
  };
  /** Another tenant's activity on the same platform: 5 keys created and revoked, 10 events. */
  const otherTenantActs = async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (let i = 0; i < 5; i++) {
      const { data } = await createKey(baseUrl, cookie, { name: `prod-other-tenant-${i}` });
      expect((await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
    }
    return cookie;
  };
  const refused = async (response: Response, field: "cursor" | "since") => {
    expect(response.status).toBe(400);
    expect(await errorEnvelope(response)).toEqual({
      code: "invalid_request",
      message: `${field} is not one this API returned.`,
      details: { fields: [field] },
    });
  };

  it("another account's events move none of A's positions, and A's poll sees nothing of them", async () => {
    const alice = await signUpAndSignIn(baseUrl);
    await createKey(baseUrl, alice.cookie, { name: "prod-alice-1" });
    await createKey(baseUrl, alice.cookie, { name: "prod-alice-2" });
    const before = await page(alice.cookie, "limit=1");
    expect(before.data).toHaveLength(1);
    expect(before.meta.next_cursor).toEqual(expect.any(String));
    const polledBefore = await page(alice.cookie, `since=${encodeURIComponent(before.meta.next_since)}`);
    expect(polledBefore.data).toEqual([]);

    await otherTenantActs();

    const after = await page(alice.cookie, "limit=1");
    expect(after.meta).toEqual(before.meta);
    const polledAfter = await page(alice.cookie, `since=${encodeURIComponent(before.meta.next_since)}`);
    expect(polledAfter.data).toEqual([]);
    expect(polledAfter.meta.next_since).toBe(polledBefore.meta.next_since);

    // What the positions are: Alice's own count of events, whatever happened elsewhere. Alice's
    // next event is her third; with the global number it was 11 or more past her second, which
    // counted the other tenant's activity. Checked against the codec under the server's secret.
    await createKey(baseUrl, alice.cookie, { name: "prod-alice-3" });
    const third = await page(alice.cookie, "limit=1");
    // The attack as it worked: cursors were base64 of "seq:<global number>", so two of Alice's
    // positions told how many events the whole platform made between them.
    const globalNumber = (token: string) => /^seq:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"))?.[1];
    expect(globalNumber(before.meta.next_since), "a global event number can be read from next_since").toBeUndefined();
    expect(globalNumber(third.meta.next_since), "a global event number can be read from next_since").toBeUndefined();
    const { auditCursorKey, createAuditCursorCodec } = await import("@/lib/audit/cursor");
    const codec = createAuditCursorCodec(auditCursorKey(inject("sessionSecret")));
    // Her sign-in (auth.signed_in) is her first event; her keys are the second and third.
    expect(before.meta.next_since).toBe(codec.encode(alice.user.accountId, 3));
    expect(before.meta.next_cursor).toBe(codec.encode(alice.user.accountId, 3));
    expect(third.meta.next_since).toBe(codec.encode(alice.user.accountId, 4));
    const newSince = await page(alice.cookie, `since=${encodeURIComponent(before.meta.next_since)}`);
    expect(newSince.data.map((e) => e.action)).toEqual(["api_key.created"]);
    expect(newSince.meta.next_since).toBe(third.meta.next_since);
  });

  it("a cursor or next_since of one account is refused for another: 400 invalid_request", async () => {
    const alice = await signUpAndSignIn(baseUrl);
    for (const name of ["prod-alice-a", "prod-alice-b", "prod-alice-c"]) await createKey(baseUrl, alice.cookie, { name });
    const { meta } = await page(alice.cookie, "limit=1");
    const bob = { cookie: await otherTenantActs() };
    await refused(await api(baseUrl, `/api/v1/audit-events?cursor=${meta.next_cursor}`, { cookie: bob.cookie }), "cursor");
    await refused(await api(baseUrl, `/api/v1/audit-events?since=${meta.next_since}`, { cookie: bob.cookie }), "since");
    // And Bob's own work for Alice.
    const bobs = await page(bob.cookie, "limit=1");
    await refused(await api(baseUrl, `/api/v1/audit-events?cursor=${bobs.meta.next_cursor}`, { cookie: alice.cookie }), "cursor");
  });

  it("a cursor changed by hand is refused: 400 invalid_request", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (const name of ["prod-hand-a", "prod-hand-b", "prod-hand-c"]) await createKey(baseUrl, cookie, { name });
    const { meta } = await page(cookie, "limit=1");
    const token = meta.next_cursor ?? "";
    expect((await api(baseUrl, `/api/v1/audit-events?cursor=${token}`, { cookie })).status).toBe(200);
    const bytes = Buffer.from(token, "base64url");
    const edits: string[] = [];
    // Flip the lowest bit of the last byte (in a digit string: the number one up or down), of the
    // first byte, and of a byte in the middle; and a lower case letter made upper case.
    for (const index of [bytes.length - 1, 0, Math.floor(bytes.length / 2)]) {
      const edited = Buffer.from(bytes);
      edited[index] = (edited[index] ?? 0) ^ 1;
      edits.push(edited.toString("base64url"));
    }
    edits.push(token.replace(/[a-z]/, (c) => c.toUpperCase()));
    for (const edited of edits) {
      if (edited === token) continue;
      await refused(await api(baseUrl, `/api/v1/audit-events?cursor=${edited}`, { cookie }), "cursor");
      await refused(await api(baseUrl, `/api/v1/audit-events?since=${edited}`, { cookie }), "since");
    }
  });

  it("old seq:N values cannot be used to find the global number of an event made after the upgrade", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    await createKey(baseUrl, cookie, { name: "prod-legacy-a" });
    await otherTenantActs();
    await createKey(baseUrl, cookie, { name: "prod-legacy-b" });
    const everything = (await page(cookie, "limit=100")).data.map((e) => e.id).reverse();
    // This account never had a seq:N value (it is newer than account-local cursors), so whatever N
    // is, it reads as the account's start. Trying values of N near the event's real global number
    // tells nothing: every answer is the same.
    const globalNumbers = await globalSeqsOf(user.accountId);
    // The sign-in and the two keys.
    expect(globalNumbers).toHaveLength(3);
    const candidates = [0, 1, ...globalNumbers.flatMap((n) => [n - 1, n, n + 1]), 999_999_999];
    for (const n of candidates) {
      const legacy = Buffer.from(`seq:${n}`, "utf8").toString("base64url");
      const answer = await page(cookie, `since=${legacy}&limit=100`);
      expect(answer.data.map((e) => e.id), `seq:${n}`).toEqual(everything);
      expect((await page(cookie, `cursor=${legacy}&limit=100`)).data, `seq:${n}`).toEqual([]);
    }
  });

  it("a poller passing next_since sees every event of the account once, in order, while writes run at once", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    let since = (await page(cookie, "limit=1")).meta.next_since;
    const seen: string[] = [];
    let writing = true;
    // Ten creations sent at the same moment (the free tier's limit of active keys).
    const writers = Promise.all(Array.from({ length: 10 }, (_, i) => createKey(baseUrl, cookie, { name: `prod-burst-${i}` }))).finally(() => {
      writing = false;
    });
    for (let polls = 0; polls < 500; polls++) {
      const stillWriting = writing;
      const next = await page(cookie, `since=${encodeURIComponent(since)}&limit=3`);
      seen.push(...next.data.map((e) => e.id));
      since = next.meta.next_since;
      if (!stillWriting && next.data.length === 0) break;
      if (next.data.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await writers;
    const expected = (await page(cookie, "limit=100")).data.map((e) => e.id).reverse();
    expect(expected).toHaveLength(10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });
});

describe("the secret is shown once and nowhere else", () => {
  it("after creation the key appears in no later response, no log line and no database column", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const created = await createKey(baseUrl, cookie, { name: "prod-secret-canary" });
    const rotated = await api(baseUrl, `/api/v1/keys/${created.data.id}/rotate`, { json: { grace_period_hours: 1 }, cookie });
    const rotatedKey = ((await rotated.json()) as { data: { key: string; id: string } }).data;
    const secrets = [created.data.key, rotatedKey.key];
    // Use the keys (including a refused use) so the request path has had every chance to log them.
    for (const secret of secrets) {
      await fetch(new URL("/api/v1/me", baseUrl), { headers: { authorization: `Bearer ${secret}` } });
      await fetch(new URL("/api/v1/usage", baseUrl), { headers: { authorization: `Bearer ${secret}` } });
    }
    const later = [
      await api(baseUrl, "/api/v1/keys?status=all", { cookie }),
      await api(baseUrl, `/api/v1/keys/${created.data.id}`, { cookie }),
      await api(baseUrl, `/api/v1/keys/${rotatedKey.id}`, { cookie }),
      await api(baseUrl, "/api/v1/audit-events", { cookie }),
      await api(baseUrl, `/api/v1/keys/${created.data.id}`, { method: "DELETE", cookie }),
      await api(baseUrl, `/api/v1/keys/${rotatedKey.id}/rotate`, { json: {}, cookie }),
    ];
    const bodies = await Promise.all(later.map((r) => r.text()));
    const dump = await dumpDatabase(inject("databaseUrl"));
    const log = readFileSync(inject("serverLogPath"), "utf8");
    for (const secret of secrets) {
      const randomPart = secret.slice("sk_live_".length, -4);
      for (const body of bodies.slice(0, -1)) expect(body).not.toContain(randomPart);
      expect(dump).not.toContain(randomPart);
      expect(log).not.toContain(randomPart);
    }
    // The dump does hold the keys' rows: the search looked in the right place.
    expect(dump).toContain(created.data.id);
  });
});

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document describing the keys API from the same schemas", async () => {
    const response = await fetch(new URL("/api/v1/openapi.json", baseUrl));
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/keys/{id}/rotate", "/api/v1/audit-events", "/api/v1/me", "/api/v1/usage"]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const create = doc.paths["/api/v1/keys"]?.post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown>; additionalProperties: boolean } } } } };
    const schema = create.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(["allowed_ips", "expires_in_days", "name", "scopes"]);
    expect(schema.additionalProperties).toBe(false);
  });
});
