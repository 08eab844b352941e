// Integrations calling the API with Authorization: Bearer sk_live_...: every refusal with its
// exact status, code and headers; limits; revocation and rotation taking effect; usage counts.
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { setKeyExpiry } from "../support/db-inspect";
import { createKey, forgedKey, listKeys, setTier, waitForTotal, withKey } from "../support/keys";
import { startServer } from "../support/server";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");

function expectLimitHeaders(response: Response, minuteLimit: number) {
  expect(response.headers.get("ratelimit-policy")).toBe(`"minute";q=${minuteLimit};w=60, "day";q=${minuteLimit === 60 ? 1000 : 100000};w=86400`);
  expect(response.headers.get("ratelimit")).toMatch(/^"minute";r=\d+;t=\d+, "day";r=\d+;t=\d+$/);
  expect(response.headers.get("x-ratelimit-limit")).toBe(String(minuteLimit));
  expect(Number(response.headers.get("x-ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
  expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
}

describe("refusals", () => {
  it("each bad credential gets its exact status, code and WWW-Authenticate", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const revoked = await createKey(baseUrl, cookie, { name: "prod-revoked" });
    await api(baseUrl, `/api/v1/keys/${revoked.data.id}`, { method: "DELETE", cookie });
    const expired = await createKey(baseUrl, cookie, { name: "prod-expired", expires_in_days: 1 });
    await setKeyExpiry(databaseUrl, expired.data.id, new Date(Date.now() - 1000));
    const valid = await createKey(baseUrl, cookie, { name: "prod-valid" });
    const flipped = valid.data.key.slice(0, -1) + (valid.data.key.endsWith("A") ? "B" : "A");

    const cases: { label: string; headers: Record<string, string>; code: string; path?: string }[] = [
      { label: "no credentials", headers: {}, code: "unauthorized" },
      { label: "wrong scheme (Basic)", headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, code: "unauthorized" },
      { label: "wrong scheme (Token)", headers: { authorization: `Token ${valid.data.key}` }, code: "unauthorized" },
      { label: "Bearer without a key", headers: { authorization: "Bearer" }, code: "unauthorized" },
      { label: "not a key", headers: { authorization: "Bearer hello" }, code: "invalid_api_key" },
      { label: "bad checksum", headers: { authorization: `Bearer ${flipped}` }, code: "invalid_api_key" },
      { label: "truncated key", headers: { authorization: `Bearer ${valid.data.key.slice(0, -3)}` }, code: "invalid_api_key" },
      { label: "unknown key", headers: { authorization: `Bearer ${forgedKey("Q".repeat(32))}` }, code: "invalid_api_key" },
      { label: "revoked key", headers: { authorization: `Bearer ${revoked.data.key}` }, code: "key_revoked" },
      { label: "expired key", headers: { authorization: `Bearer ${expired.data.key}` }, code: "key_expired" },
      { label: "revoked key in X-API-Key", headers: { "x-api-key": revoked.data.key }, code: "key_revoked" },
    ];
    for (const c of cases) {
      const response = await fetch(new URL(c.path ?? "/api/v1/me", baseUrl), { headers: c.headers });
      expect(response.status, c.label).toBe(401);
      expect(response.headers.get("www-authenticate"), c.label).toMatch(/^Bearer realm="api"/);
      expect((await errorEnvelope(response)).code, c.label).toBe(c.code);
    }
  });

  it("a key without the scope gets 403 insufficient_scope naming it, with the limit headers", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, cookie, { name: "prod-audit-only", scopes: ["audit:read"] });
    const keys = await withKey(baseUrl, "/api/v1/keys", data.key);
    expect(keys.status).toBe(403);
    const error = await errorEnvelope(keys);
    expect(error.code).toBe("insufficient_scope");
    expect(error.message).toContain("keys:read");
    expectLimitHeaders(keys, 60);
    // usage:read is a pro scope: a free key never has it.
    const usage = await withKey(baseUrl, "/api/v1/usage", data.key);
    expect(usage.status).toBe(403);
    expect((await errorEnvelope(usage)).message).toContain("usage:read");
    // The scope it has works.
    expect((await withKey(baseUrl, "/api/v1/audit-events", data.key)).status).toBe(200);
  });

  it("a refusal for a missing scope counts against the key's limits; over the limit the answer is 429 whatever the scope", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    // A free key: usage:read is a pro scope, so every /api/v1/usage call is refused for scope.
    const { data } = await createKey(baseUrl, cookie, { name: "prod-scope-budget" });
    for (let i = 1; i <= 60; i++) {
      const response = await withKey(baseUrl, "/api/v1/usage", data.key);
      expect(response.status, `request ${i}`).toBe(403);
      expect((await errorEnvelope(response)).code, `request ${i}`).toBe("insufficient_scope");
      // Each refusal took its point: the headers count down like served requests.
      expect(response.headers.get("x-ratelimit-remaining"), `request ${i}`).toBe(String(60 - i));
    }
    const cases: { label: string; path: string }[] = [
      { label: "the 61st without the scope", path: "/api/v1/usage" },
      { label: "an endpoint any key may call", path: "/api/v1/me" },
      { label: "an endpoint within its scopes", path: "/api/v1/keys" },
    ];
    for (const c of cases) {
      const refused = await withKey(baseUrl, c.path, data.key);
      expect(refused.status, c.label).toBe(429);
      expect(Number(refused.headers.get("retry-after")), c.label).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get("ratelimit"), c.label).toMatch(/^"minute";r=0;t=\d+, "day";r=940;t=\d+$/);
      expect((await errorEnvelope(refused)).code, c.label).toBe("rate_limited");
    }
  });

  it("a bad key never falls back to the session cookie", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const response = await fetch(new URL("/api/v1/keys", baseUrl), { headers: { cookie, authorization: "Bearer sk_live_nope" } });
    expect(response.status).toBe(401);
  });
});

describe("the endpoints", () => {
  it("GET /api/v1/me describes the key and what remains of its limits, with the headers", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, cookie, { name: "prod-me" });
    const response = await withKey(baseUrl, "/api/v1/me", data.key);
    expect(response.status).toBe(200);
    expectLimitHeaders(response, 60);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("59");
    const body = (await response.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      id: data.id,
      name: "prod-me",
      key_preview: data.key_preview,
      tier: "free",
      scopes: ["audit:read", "keys:read"],
      rate_limit_per_minute: 60,
      rate_limit_per_day: 1000,
      rate_limits: { minute: { limit: 60, remaining: 59 }, day: { limit: 1000, remaining: 999 } },
    });
    expect(JSON.stringify(body)).not.toContain(data.key);
  });

  it("GET /api/v1/keys with keys:read lists the inventory without secrets", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const a = await createKey(baseUrl, cookie, { name: "prod-inventory-a" });
    const b = await createKey(baseUrl, cookie, { name: "prod-inventory-b" });
    const response = await withKey(baseUrl, "/api/v1/keys", a.data.key);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(a.data.key);
    expect(text).not.toContain(b.data.key);
    expect((JSON.parse(text) as { data: { id: string }[] }).data.map((k) => k.id)).toEqual([b.data.id, a.data.id]);
  });

  it("GET /api/v1/usage (pro) gives daily counts per key for 30 days", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    await setTier(databaseUrl, user.email, "pro");
    const { data } = await createKey(baseUrl, cookie, { name: "prod-usage" });
    expect(data.tier).toBe("pro");
    expect(data.scopes).toEqual(["audit:read", "keys:read", "usage:read"]);
    for (let i = 0; i < 3; i++) expect((await withKey(baseUrl, "/api/v1/me", data.key)).status).toBe(200);
    expect(await waitForTotal(baseUrl, cookie, data.id, 3)).toBe(3);
    const response = await withKey(baseUrl, "/api/v1/usage", data.key);
    expect(response.status).toBe(200);
    expectLimitHeaders(response, 600);
    const body = (await response.json()) as { data: { key_id: string; total: number; days: { date: string; requests: number }[] }[] };
    const usage = body.data.find((k) => k.key_id === data.id);
    expect(usage?.days).toHaveLength(30);
    expect(usage?.days.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), requests: 3 });
  });
});

describe("limits", () => {
  it("the 60th request in a minute on a free key passes, the 61st gets 429 with Retry-After, and refused requests are not counted", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, cookie, { name: "prod-minute-limit" });
    for (let i = 1; i <= 60; i++) {
      const response = await withKey(baseUrl, "/api/v1/me", data.key);
      expect(response.status, `request ${i}`).toBe(200);
      if (i === 60) expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    }
    for (let i = 61; i <= 65; i++) {
      const refused = await withKey(baseUrl, "/api/v1/me", data.key);
      expect(refused.status, `request ${i}`).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get("ratelimit")).toMatch(/^"minute";r=0;t=\d+, "day";r=940;t=\d+$/);
      const error = await errorEnvelope(refused);
      expect(error.code).toBe("rate_limited");
      expect(error.message).toMatch(/per minute/);
    }
    expect(await waitForTotal(baseUrl, cookie, data.id, 60)).toBe(60);
    // One more flush interval: still 60, the five refusals were never counted.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect((await listKeys(baseUrl, cookie)).find((k) => k.id === data.id)?.total_requests).toBe(60);
  });

  it("a spent window refuses saying which; a refused request uses up no window, and a window spent too says 0, not 1", async () => {
    // Free: only the day window runs out. Pro: both run out on the same request.
    const server = await startServer({ env: { TIER_LIMITS: JSON.stringify({ free: { perMinute: 100, perDay: 5 }, pro: { perMinute: 5, perDay: 5 } }) } });
    const serverDatabase = `file:${path.join(server.dataDir, "app.db")}`;
    try {
      const cases = [
        // The minute window got back what the refused request took: 95 left after 5 served.
        { tier: "free", minuteLimit: 100, rateLimit: /^"minute";r=95;t=\d+, "day";r=0;t=\d+$/, minuteRemaining: "95" },
        // Both spent: the refund must not show the minute window as having one left.
        { tier: "pro", minuteLimit: 5, rateLimit: /^"minute";r=0;t=\d+, "day";r=0;t=\d+$/, minuteRemaining: "0" },
      ] as const;
      for (const c of cases) {
        const { user, cookie } = await signUpAndSignIn(server.url);
        if (c.tier === "pro") await setTier(serverDatabase, user.email, "pro");
        const { data } = await createKey(server.url, cookie, { name: `prod-day-limit-${c.tier}` });
        expect(data.tier).toBe(c.tier);
        for (let i = 1; i <= 5; i++) expect((await withKey(server.url, "/api/v1/me", data.key)).status, `${c.tier} request ${i}`).toBe(200);
        for (let i = 6; i <= 7; i++) {
          const refused = await withKey(server.url, "/api/v1/me", data.key);
          expect(refused.status, `${c.tier} request ${i}`).toBe(429);
          // Retry when the later of the spent windows resets: the day.
          expect((await errorEnvelope(refused)).details, c.tier).toMatchObject({ window: "day", limit: 5 });
          expect(Number(refused.headers.get("retry-after")), c.tier).toBeGreaterThan(86_000);
          expect(refused.headers.get("ratelimit"), c.tier).toMatch(c.rateLimit);
          expect(refused.headers.get("x-ratelimit-limit"), c.tier).toBe(String(c.minuteLimit));
          expect(refused.headers.get("x-ratelimit-remaining"), c.tier).toBe(c.minuteRemaining);
        }
      }
    } finally {
      await server.stop();
    }
  });
});

describe("revocation and rotation take effect", () => {
  it("after a revoke's response, the very next request with the key is refused", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data } = await createKey(baseUrl, cookie, { name: "prod-revoke-now" });
    expect((await withKey(baseUrl, "/api/v1/me", data.key)).status).toBe(200);
    expect((await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie })).status).toBe(200);
    const after = await withKey(baseUrl, "/api/v1/me", data.key);
    expect(after.status).toBe(401);
    expect((await errorEnvelope(after)).code).toBe("key_revoked");
  });

  it("rotate with a grace period: the old key works until it ends and not after; the new key works", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const old = await createKey(baseUrl, cookie, { name: "partner-rotation" });
    expect((await withKey(baseUrl, "/api/v1/me", old.data.key)).status).toBe(200);
    // 0.002 h = 7.2 s of grace.
    const rotated = await api(baseUrl, `/api/v1/keys/${old.data.id}/rotate`, { json: { grace_period_hours: 0.002 }, cookie });
    expect(rotated.status).toBe(201);
    const body = (await rotated.json()) as { data: { key: string }; meta: { rotated_from: { stops_working_at: string } } };
    const stopsAt = Date.parse(body.meta.rotated_from.stops_working_at);
    expect((await withKey(baseUrl, "/api/v1/me", old.data.key)).status).toBe(200);
    expect((await withKey(baseUrl, "/api/v1/me", body.data.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stopsAt - Date.now()) + 250));
    const late = await withKey(baseUrl, "/api/v1/me", old.data.key);
    expect(late.status).toBe(401);
    expect((await errorEnvelope(late)).code).toBe("key_revoked");
    expect((await withKey(baseUrl, "/api/v1/me", body.data.key)).status).toBe(200);
  });

  it("rotate without grace: the old key is refused on the very next request", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const old = await createKey(baseUrl, cookie, { name: "ci-rotate-now" });
    expect((await withKey(baseUrl, "/api/v1/me", old.data.key)).status).toBe(200);
    expect((await api(baseUrl, `/api/v1/keys/${old.data.id}/rotate`, { json: {}, cookie })).status).toBe(201);
    expect((await withKey(baseUrl, "/api/v1/me", old.data.key)).status).toBe(401);
  });
});

describe("usage survives a restart", () => {
  it("N requests, SIGTERM, restart: total_requests is exactly N", async () => {
    const first = await startServer({ env: { NEXTAUTH_SECRET: "restart-test-secret-that-is-long-enough-0123456789" } });
    const n = 37;
    let cookie = "";
    let keyId = "";
    try {
      ({ cookie } = await signUpAndSignIn(first.url));
      const { data } = await createKey(first.url, cookie, { name: "prod-restart" });
      keyId = data.id;
      const statuses = await Promise.all(Array.from({ length: n }, () => withKey(first.url, "/api/v1/me", data.key).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      // Stopped well inside the 5 s flush interval: only the shutdown flush can save the counts.
      expect(await first.stop("SIGTERM")).toBe(0);
    }
    expect(first.log()).toContain("usage flushed");
    const second = await startServer({ dataDir: first.dataDir, env: { NEXTAUTH_SECRET: "restart-test-secret-that-is-long-enough-0123456789" } });
    try {
      const key = (await listKeys(second.url, cookie)).find((k) => k.id === keyId);
      expect(key?.total_requests).toBe(n);
      expect(key?.last_used_at).not.toBeNull();
    } finally {
      await second.stop();
    }
  });
});

describe("SIEM polling of the audit trail", () => {
  it("a poller following next_since while events are written sees each event exactly once", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    // Pro: 600 requests a minute leaves the poller room to poll fast.
    await setTier(databaseUrl, user.email, "pro");
    const { data: pollerKey } = await createKey(baseUrl, cookie, { name: "prod-splunk-poller", scopes: ["audit:read"] });
    // The poller's first use from this address records an api_key.new_source event at the next
    // usage flush; let it land first, so every event of the test is written while the poller polls.
    expect((await withKey(baseUrl, "/api/v1/me", pollerKey.key)).status).toBe(200);
    for (let wait = 0; wait < 100; wait++) {
      const events = (await (await api(baseUrl, `/api/v1/audit-events?key_id=${pollerKey.id}`, { cookie })).json()) as { data: { action: string }[] };
      if (events.data.some((event) => event.action === "api_key.new_source")) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seen: string[] = [];
    let since = new Date(Date.now() - 60_000).toISOString();
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 12; i++) {
        const { data } = await createKey(baseUrl, cookie, { name: `prod-churn-${i}` });
        await api(baseUrl, `/api/v1/keys/${data.id}`, { method: "DELETE", cookie });
      }
      writing = false;
    })();
    // Poll with a small page size while the writer runs, then once more after it stops.
    for (let polls = 0; polls < 400; polls++) {
      const stillWriting = writing;
      const response = await withKey(baseUrl, `/api/v1/audit-events?since=${encodeURIComponent(since)}&limit=3&type=api_key,account`, pollerKey.key);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: { id: string }[]; meta: { next_since: string } };
      seen.push(...page.data.map((e) => e.id));
      since = page.meta.next_since;
      if (!stillWriting && page.data.length === 0) break;
      if (page.data.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await writer;
    const all = await api(baseUrl, "/api/v1/audit-events?limit=100&type=api_key,account", { cookie });
    const expected = ((await all.json()) as { data: { id: string }[] }).data.map((e) => e.id).reverse();
    expect(expected).toHaveLength(1 + 1 + 24);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });
});
