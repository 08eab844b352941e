// Who is using a key: the latest address and user agent on every key view, served and refused
// requests per day by reason, the source addresses, and an api_key.new_source audit event the
// first time a key is used from a network it has not been used from in 30 days. Counted in
// memory on the request path and written by the usage flusher (every 5 s), so tests poll.
import { describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl } from "../support/database";
import { ageKeySources } from "../support/db-inspect";
import { createKey, listKeys, setTier, withKey } from "../support/keys";
import { ownServers } from "../support/own-servers";
import type { RunningServer } from "../support/server";

const servers = ownServers();
const LIMITS = JSON.stringify({ free: { perMinute: 5 } });
const from = (address: string, userAgent = "test-agent/1") => ({ "x-forwarded-for": address, "user-agent": userAgent });

type Refusals = { rate_limited: number; ip_not_allowed: number; insufficient_scope: number };
type Usage = {
  data: {
    key_id: string;
    days: { date: string; requests: number; refusals: Refusals }[];
    totals: { requests: number; refusals: Refusals };
    sources: { address: string; first_seen_at: string; last_seen_at: string; requests: number }[];
    other_source_requests: number;
  };
  meta: { days: number; from: string; to: string };
};
type AuditEvent = { action: string; ip: string | null; user_agent: string | null; key: { id: string } | null; actor: { user_id: string | null }; metadata: Record<string, unknown> | null };

async function usage(server: RunningServer, cookie: string, keyId: string, query = ""): Promise<Usage> {
  const response = await api(server.url, `/api/v1/keys/${keyId}/usage${query}`, { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Usage;
}

/** Polls until `done` holds for the key's usage (one flush interval, 5 s, is the usual wait). */
async function usageWhen(server: RunningServer, cookie: string, keyId: string, done: (usage: Usage) => boolean): Promise<Usage> {
  const deadline = Date.now() + 20_000;
  let last = await usage(server, cookie, keyId);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    last = await usage(server, cookie, keyId);
  }
  return last;
}

async function keyEvents(server: RunningServer, cookie: string, keyId: string): Promise<AuditEvent[]> {
  const response = await api(server.url, `/api/v1/audit-events?key_id=${keyId}&limit=100`, { cookie });
  return ((await response.json()) as { data: AuditEvent[] }).data;
}

async function newSourcesWhen(server: RunningServer, cookie: string, keyId: string, count: number): Promise<AuditEvent[]> {
  const deadline = Date.now() + 20_000;
  let events: AuditEvent[] = [];
  while (Date.now() < deadline) {
    events = (await keyEvents(server, cookie, keyId)).filter((event) => event.action === "api_key.new_source");
    if (events.length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return events;
}

describe("per-key forensics", () => {
  it("counts served requests and refusals by reason, per day, with the sources and the latest address and user agent", async () => {
    const server = await servers.start({ env: { TRUST_PROXY_HOPS: "1", TIER_LIMITS: LIMITS } });
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-splunk-hf", allowed_ips: ["203.0.113.0/24"] });
    // 2 served, 1 refused for scope (usage:read is pro), then over the limit of 5 a minute: 2 refused.
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7", "splunk-hf/9.1"));
    await withKey(server.url, "/api/v1/keys", data.key, from("203.0.113.7", "splunk-hf/9.1"));
    expect((await withKey(server.url, "/api/v1/usage", data.key, from("203.0.113.8"))).status).toBe(403);
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.8"));
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.8"));
    expect((await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.8"))).status).toBe(429);
    expect((await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.8"))).status).toBe(429);
    // And two from where it may not be used at all.
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.66", "curl/8.5"))).status).toBe(403);
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.66", "curl/8.5"))).status).toBe(403);

    const report = await usageWhen(server, cookie, data.id, (u) => u.data.totals.refusals.ip_not_allowed === 2);
    expect(report.data.totals).toEqual({ requests: 4, refusals: { rate_limited: 2, ip_not_allowed: 2, insufficient_scope: 1 } });
    expect(report.data.days).toHaveLength(30);
    expect(report.data.days.at(-1)).toMatchObject({ date: new Date().toISOString().slice(0, 10), requests: 4 });
    expect(report.meta).toMatchObject({ days: 30, to: new Date().toISOString().slice(0, 10) });
    const sources = Object.fromEntries(report.data.sources.map((source) => [source.address, source.requests]));
    expect(sources).toEqual({ "203.0.113.7": 2, "203.0.113.8": 5, "198.51.100.66": 2 });
    expect(report.data.sources[0]?.address).toBe("198.51.100.66");
    expect(report.data.other_source_requests).toBe(0);

    const [view] = (await listKeys(server.url, cookie)).filter((key) => key.id === data.id);
    expect(view).toMatchObject({ total_requests: 4, last_used_ip: "198.51.100.66", last_used_user_agent: "curl/8.5" });
    expect((await usage(server, cookie, data.id, "?days=7")).data.days).toHaveLength(7);
  });

  it("keeps 100 source addresses per key and day; the rest are summed as other", async () => {
    const server = await servers.start({ env: { TRUST_PROXY_HOPS: "1", TIER_LIMITS: JSON.stringify({ free: { perMinute: 1000 } }) } });
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-spray-target" });
    const addresses = Array.from({ length: 130 }, (_, i) => `10.9.${i >> 8}.${i & 255}`);
    // Four batches, so that the 100 kept are decided across flushes, not only inside one.
    for (let batch = 0; batch < 4; batch++) {
      const slice = addresses.slice(batch * 35, (batch + 1) * 35);
      await Promise.all(slice.map((address) => withKey(server.url, "/api/v1/me", data.key, from(address))));
      if (batch === 1) await usageWhen(server, cookie, data.id, (u) => u.data.totals.requests === 70);
    }
    const report = await usageWhen(server, cookie, data.id, (u) => u.data.totals.requests === 130);
    expect(report.data.sources).toHaveLength(100);
    expect(report.data.other_source_requests).toBe(30);
  });

  it("the usage endpoint: a pro key with usage:read may read it, a free key may not, another account's key is 404", async () => {
    const server = await servers.start({ env: { TRUST_PROXY_HOPS: "1" } });
    const owner = await signUpAndSignIn(server.url);
    const stranger = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, owner.cookie, { name: "prod-reader" });
    const free = await withKey(server.url, `/api/v1/keys/${data.id}/usage`, data.key);
    expect(free.status).toBe(403);
    expect((await errorEnvelope(free)).code).toBe("insufficient_scope");
    const strangers = await api(server.url, `/api/v1/keys/${data.id}/usage`, { cookie: stranger.cookie });
    expect(strangers.status).toBe(404);
    await setTier(`file:${server.dataDir}/app.db`, owner.user.email, "pro");
    const { data: pro } = await createKey(server.url, owner.cookie, { name: "prod-pro-reader" });
    const read = await withKey(server.url, `/api/v1/keys/${data.id}/usage`, pro.key);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Usage).data.key_id).toBe(data.id);
    const badDays = await api(server.url, `/api/v1/keys/${data.id}/usage?days=91`, { cookie: owner.cookie });
    expect(badDays.status).toBe(400);
    expect((await errorEnvelope(badDays)).code).toBe("invalid_request");
  });
});

describe("new sources", () => {
  it("an event for each new address (IPv4) or /64 (IPv6), served or refused; none for a known one; again after 30 quiet days", async () => {
    const server = await servers.start({ env: { TRUST_PROXY_HOPS: "1" } });
    const { cookie } = await signUpAndSignIn(server.url);
    const { data } = await createKey(server.url, cookie, { name: "prod-sentinel", allowed_ips: ["203.0.113.0/24", "2001:db8::/32"] });
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7", "sentinel/2"));
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7", "sentinel/2"));
    await withKey(server.url, "/api/v1/me", data.key, from("2001:db8:1:2::10"));
    await withKey(server.url, "/api/v1/me", data.key, from("2001:db8:1:2::99"));
    // The attacker's first try is refused, and still an event: the SIEM sees the key tried from somewhere new.
    expect((await withKey(server.url, "/api/v1/me", data.key, from("198.51.100.66", "python-requests/2.32"))).status).toBe(403);
    const first = await newSourcesWhen(server, cookie, data.id, 3);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // one more flush: nothing new
    expect((await keyEvents(server, cookie, data.id)).filter((event) => event.action === "api_key.new_source")).toHaveLength(3);
    const byNetwork = Object.fromEntries(first.map((event) => [event.metadata?.network as string, event]));
    expect(Object.keys(byNetwork).sort()).toEqual(["198.51.100.66", "2001:db8:1:2::/64", "203.0.113.7"]);
    expect(byNetwork["198.51.100.66"]).toMatchObject({
      ip: "198.51.100.66",
      user_agent: "python-requests/2.32",
      actor: { user_id: null },
      metadata: { address: "198.51.100.66", latest_outcome: "ip_not_allowed", window_days: 30 },
    });
    expect(byNetwork["203.0.113.7"]?.metadata).toMatchObject({ latest_outcome: "served" });

    // Used again from a known network: nothing. From a new /64 of the same /48: an event.
    await withKey(server.url, "/api/v1/me", data.key, from("203.0.113.7"));
    await withKey(server.url, "/api/v1/me", data.key, from("2001:db8:1:3::10"));
    const second = await newSourcesWhen(server, cookie, data.id, 4);
    expect(second.map((event) => event.metadata?.network)).toContain("2001:db8:1:3::/64");
    expect(second).toHaveLength(4);
  });

  it("after 30 days without it, a network is new again (each step on a restarted server, which remembers nothing in memory)", async () => {
    const first = await servers.start({ env: { TRUST_PROXY_HOPS: "1" } });
    const databaseUrl = `file:${first.dataDir}/app.db`;
    const { cookie } = await signUpAndSignIn(first.url);
    const { data } = await createKey(first.url, cookie, { name: "prod-quiet" });
    await withKey(first.url, "/api/v1/me", data.key, from("203.0.113.7"));
    expect(await newSourcesWhen(first, cookie, data.id, 1)).toHaveLength(1);
    await first.stop();

    // 29 days later: still known.
    await ageKeySources(databaseUrl, data.id, 29 * 86_400_000);
    const second = await servers.start({ env: { TRUST_PROXY_HOPS: "1" }, dataDir: first.dataDir });
    await withKey(second.url, "/api/v1/me", data.key, from("203.0.113.7"));
    await usageWhen(second, cookie, data.id, (u) => u.data.totals.requests === 2);
    expect((await keyEvents(second, cookie, data.id)).filter((e) => e.action === "api_key.new_source")).toHaveLength(1);
    await second.stop();

    // 31 days after that use: new again.
    await ageKeySources(databaseUrl, data.id, 31 * 86_400_000);
    const third = await servers.start({ env: { TRUST_PROXY_HOPS: "1" }, dataDir: first.dataDir });
    await withKey(third.url, "/api/v1/me", data.key, from("203.0.113.7"));
    expect(await newSourcesWhen(third, cookie, data.id, 2)).toHaveLength(2);
  });
});

const postgresUrl = await reachablePostgresUrl("the two-instance new-source test");
describe.skipIf(!postgresUrl)("new sources with two instances on PostgreSQL", () => {
  it("the same new address hitting both instances at once makes exactly one event", async () => {
    const database = await createTestDatabase(postgresUrl as string);
    servers.defer(() => database.drop());
    const env = { TRUST_PROXY_HOPS: "1", DATABASE_URL: database.url, NEXTAUTH_SECRET: "forensics-two-instances-secret-0123456789abcdef" };
    const a = await servers.start({ env });
    const b = await servers.start({ env });
    const { cookie } = await signUpAndSignIn(a.url);
    const { data } = await createKey(a.url, cookie, { name: "prod-two-instances" });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => withKey((i % 2 === 0 ? a : b).url, "/api/v1/me", data.key, from(`203.0.113.${i % 4}`))),
    );
    const report = await usageWhen(a, cookie, data.id, (u) => u.data.totals.requests === 40);
    expect(Object.fromEntries(report.data.sources.map((s) => [s.address, s.requests]))).toEqual({
      "203.0.113.0": 10, "203.0.113.1": 10, "203.0.113.2": 10, "203.0.113.3": 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const events = (await keyEvents(a, cookie, data.id)).filter((event) => event.action === "api_key.new_source");
    expect(events.map((event) => event.metadata?.network).sort()).toEqual(["203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3"]);

    // Two more new networks, used on both, and both instances stopped at once: their shutdown
    // flushes run at the same moment, and each network still makes one event, not two.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => withKey((i % 2 === 0 ? a : b).url, "/api/v1/me", data.key, from(`198.51.100.${i % 2}`))),
    );
    await Promise.all([a.stop(), b.stop()]);
    const c = await servers.start({ env });
    const after = (await keyEvents(c, cookie, data.id)).filter((event) => event.action === "api_key.new_source");
    expect(after.map((event) => event.metadata?.network).sort()).toEqual(["198.51.100.0", "198.51.100.1", "203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3"]);
    expect((await usage(c, cookie, data.id)).data.totals.requests).toBe(60);
    // Three server starts on PostgreSQL (each runs the migration check) and two waits for flushes.
  }, 150_000);
});
