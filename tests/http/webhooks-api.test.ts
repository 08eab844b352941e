// The webhook endpoints API on real servers of this file's own. This machine has no public DNS, so
// endpoints are made on a server with WEBHOOK_ALLOW_PRIVATE=1 (receivers on 127.0.0.1, as in
// development), and the URL rules are checked on a server without it. The sudo-mode window is
// 12 seconds on the first, so a URL change after it can be shown to need a fresh proof.
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { untilDeliveryIdle } from "../support/deliveries";
import { startServer, type RunningServer } from "../support/server";

const WINDOW_MINUTES = 0.2;
const PAST_WINDOW_MS = 13_000;
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const WARNING = "Copy this signing secret now: it is shown only once.";
const VIEW_FIELDS = ["id", "url", "description", "events", "status", "disabled_at", "disabled_reason", "failing_since", "created_at", "updated_at"].sort();
const DELIVERY_FIELDS = [
  "id", "message_id", "type", "status", "attempts", "response_status", "last_error", "duration_ms", "last_attempt_at", "next_attempt_at", "delivered_at", "created_at",
].sort();

let open: RunningServer;
let strict: RunningServer;

beforeAll(async () => {
  [open, strict] = await Promise.all([
    startServer({ env: { WEBHOOK_ALLOW_PRIVATE: "1", REAUTH_WINDOW_MINUTES: String(WINDOW_MINUTES) } }),
    startServer({ env: { WEBHOOK_ALLOW_PRIVATE: undefined } }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([open?.stop(), strict?.stop()]);
});

type Webhook = { id: string; url: string; description: string | null; events: string[]; status: string; failing_since: string | null; disabled_at: string | null; disabled_reason: string | null };
type Delivery = { id: string; message_id: string; type: string; status: string; attempts: number; next_attempt_at: string | null };
type AuditEvent = { action: string; key: unknown; metadata: Record<string, unknown> | null };

/** A fresh user on the open server, with a fresh proof of identity. */
async function user() {
  const { user, cookie } = await signUpAndSignIn(open.url);
  return { user, cookie };
}

async function reauth(cookie: string, password: string) {
  expect((await api(open.url, "/api/v1/account/reauth", { json: { password }, cookie })).status).toBe(204);
}

async function create(cookie: string, body: Record<string, unknown> = {}) {
  const response = await api(open.url, "/api/v1/webhooks", { json: { url: "http://127.0.0.1:9/hook", events: ["key.expiring"], ...body }, cookie });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as { data: Webhook & { secret: string }; meta: { warning: string } };
}

async function list(cookie: string): Promise<Webhook[]> {
  const response = await api(open.url, "/api/v1/webhooks", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Webhook[] }).data;
}

async function webhookEvents(cookie: string): Promise<AuditEvent[]> {
  const response = await api(open.url, "/api/v1/audit-events?type=webhook&limit=100", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: AuditEvent[] }).data;
}

/** Every row of the webhook tables of the open server's database, as text. */
function webhookRows(): string {
  const db = new Database(path.join(open.dataDir, "app.db"), { readonly: true });
  try {
    return JSON.stringify([db.prepare(`SELECT * FROM "WebhookEndpoint"`).all(), db.prepare(`SELECT * FROM "WebhookDelivery"`).all(), db.prepare(`SELECT * FROM "AuditEvent"`).all()]);
  } finally {
    db.close();
  }
}

function storedPayload(deliveryId: string): unknown {
  const db = new Database(path.join(open.dataDir, "app.db"), { readonly: true });
  try {
    const row = db.prepare(`SELECT "payload" FROM "WebhookDelivery" WHERE "id" = ?`).get(deliveryId) as { payload: string } | undefined;
    return row ? JSON.parse(row.payload) : null;
  } finally {
    db.close();
  }
}

async function expectBadRequest(response: Response, field: string, label: string) {
  expect(response.status, label).toBe(400);
  const error = await errorEnvelope(response);
  expect(error.code, label).toBe("invalid_request");
  expect((error.details as { fields?: string[] } | undefined)?.fields, label).toContain(field);
  return error;
}

describe("creating, reading, changing and deleting endpoints", () => {
  it("a new endpoint answers 201 with its secret once; no later answer carries it, nor does the database in the clear", async () => {
    const { cookie } = await user();
    const created = await create(cookie, { url: "http://127.0.0.1:9/Hook?x=1", events: ["key.exposed", "key.expiring"], description: "  SIEM intake  " });
    expect(Object.keys(created.data).sort()).toEqual([...VIEW_FIELDS, "secret"].sort());
    expect(created.meta).toEqual({ warning: WARNING });
    expect(created.data.secret).toMatch(SECRET);
    expect(created.data).toMatchObject({
      url: "http://127.0.0.1:9/Hook?x=1",
      // Listed in the API's own order of event types.
      events: ["key.expiring", "key.exposed"],
      description: "SIEM intake",
      status: "enabled",
      disabled_at: null,
      disabled_reason: null,
      failing_since: null,
    });
    expect((created.data as unknown as Record<string, string>).created_at).toMatch(ISO_UTC);

    const { secret, ...view } = created.data;
    const read = await api(open.url, `/api/v1/webhooks/${view.id}`, { cookie });
    const readBody = await read.text();
    expect(JSON.parse(readBody)).toEqual({ data: view });
    const listed = await api(open.url, "/api/v1/webhooks", { cookie });
    const listedBody = await listed.text();
    expect(JSON.parse(listedBody)).toEqual({ data: [view] });
    const patched = await api(open.url, `/api/v1/webhooks/${view.id}`, { method: "PATCH", json: { description: "renamed" }, cookie });
    const patchedBody = await patched.text();
    expect(patched.status).toBe(200);
    for (const body of [readBody, listedBody, patchedBody]) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain("secret");
    }
    // At rest it is sealed: neither the secret nor its base64 part is in any row, nor in the server's log.
    expect(webhookRows()).not.toContain(secret.slice("whsec_".length, 30));
    expect(open.log()).not.toContain(secret.slice("whsec_".length, 30));
  });

  it("changes what it is told to, records each change with before and after, and deletes with 204", async () => {
    const { user: owner, cookie } = await user();
    const { data } = await create(cookie, { events: ["key.expiring"] });
    const id = data.id;

    const changed = await api(open.url, `/api/v1/webhooks/${id}`, { method: "PATCH", json: { events: ["key.revoked", "key.created"], description: "ops" }, cookie });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { data: Webhook }).data).toMatchObject({ events: ["key.created", "key.revoked"], description: "ops", status: "enabled" });

    const paused = await api(open.url, `/api/v1/webhooks/${id}`, { method: "PATCH", json: { enabled: false }, cookie });
    const pausedView = ((await paused.json()) as { data: Webhook }).data;
    expect(pausedView).toMatchObject({ status: "disabled", disabled_reason: "Paused by a user." });
    expect(pausedView.disabled_at).toMatch(ISO_UTC);

    await reauth(cookie, owner.password);
    const moved = await api(open.url, `/api/v1/webhooks/${id}`, { method: "PATCH", json: { url: "http://127.0.0.1:10/moved", enabled: true }, cookie });
    expect(((await moved.json()) as { data: Webhook }).data).toMatchObject({
      url: "http://127.0.0.1:10/moved", status: "enabled", disabled_at: null, disabled_reason: null, failing_since: null,
    });

    // The same values again change nothing and record nothing.
    expect((await api(open.url, `/api/v1/webhooks/${id}`, { method: "PATCH", json: { description: "ops" }, cookie })).status).toBe(200);

    const deleted = await api(open.url, `/api/v1/webhooks/${id}`, { method: "DELETE", cookie });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await api(open.url, `/api/v1/webhooks/${id}`, { cookie })).status).toBe(404);
    expect((await api(open.url, `/api/v1/webhooks/${id}`, { method: "DELETE", cookie })).status).toBe(404);

    const events = (await webhookEvents(cookie)).reverse();
    expect(events.map((event) => event.action)).toEqual(["webhook.created", "webhook.updated", "webhook.updated", "webhook.updated", "webhook.deleted"]);
    expect(events.every((event) => event.key === null)).toBe(true);
    // The audit log keeps the origin and a fingerprint, never the path or query a receiver's token lives in.
    const hidden = /^http:\/\/127\.0\.0\.1:9\/… \(#[0-9a-f]{8}\)$/;
    expect(events[0]?.metadata).toMatchObject({ webhook_id: id, url: expect.stringMatching(hidden), events: ["key.expiring"] });
    expect(JSON.stringify(events)).not.toContain("/hook");
    expect(JSON.stringify(events)).not.toContain("/moved");
    expect(events[1]?.metadata).toMatchObject({
      webhook_id: id,
      before: { events: ["key.expiring"], description: null },
      after: { events: ["key.created", "key.revoked"], description: "ops" },
    });
    expect(events[2]?.metadata).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(events[3]?.metadata).toMatchObject({
      before: { url: events[0]?.metadata?.url, enabled: false },
      after: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:10\/… \(#[0-9a-f]{8}\)$/), enabled: true },
    });
    expect(events[4]?.metadata).toMatchObject({ webhook_id: id, url: (events[3]?.metadata?.after as { url: string }).url });
    expect(JSON.stringify(events)).not.toContain(data.secret);
  });

  it("an account has at most 10 endpoints: the 11th is 409 conflict and nothing is added", async () => {
    const { user: owner, cookie } = await user();
    for (let i = 0; i < 10; i++) {
      if (i === 5) await reauth(cookie, owner.password);
      await create(cookie, { url: `http://127.0.0.1:9/hook-${i}` });
    }
    const eleventh = await api(open.url, "/api/v1/webhooks", { json: { url: "http://127.0.0.1:9/hook-10", events: ["key.expiring"] }, cookie });
    expect(eleventh.status).toBe(409);
    const error = await errorEnvelope(eleventh);
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("at most 10");
    expect(await list(cookie)).toHaveLength(10);
  });

  it("bad input is a 400 that names the field, and changes nothing", async () => {
    const { cookie } = await user();
    const { data } = await create(cookie, { description: "kept" });
    const bodies: [Record<string, unknown>, string][] = [
      [{ events: ["key.expiring"] }, "url"],
      [{ url: "http://127.0.0.1:9/", events: [] }, "events"],
      [{ url: "http://127.0.0.1:9/", events: ["key.nope"] }, "events.0"],
      [{ url: "http://127.0.0.1:9/", events: ["key.expiring", "key.expiring"] }, "events"],
      [{ url: "http://127.0.0.1:9/", events: ["key.expiring"], description: "x".repeat(201) }, "description"],
      [{ url: "http://127.0.0.1:9/", events: ["key.expiring"], secret: "whsec_mine" }, "secret"],
      [{ url: "not a url", events: ["key.expiring"] }, "url"],
      [{ url: "ftp://127.0.0.1/", events: ["key.expiring"] }, "url"],
      [{ url: `http://127.0.0.1/${"a".repeat(2050)}`, events: ["key.expiring"] }, "url"],
    ];
    for (const [body, field] of bodies) {
      await expectBadRequest(await api(open.url, "/api/v1/webhooks", { json: body, cookie }), field, `POST ${JSON.stringify(body).slice(0, 80)}`);
    }
    for (const [body, field] of [
      [{}, "(root)"],
      [{ events: [] }, "events"],
      [{ enabled: "yes" }, "enabled"],
      [{ url: "http://user:pw@127.0.0.1/" }, "url"],
      [{ description: 7 }, "description"],
    ] as [Record<string, unknown>, string][]) {
      await expectBadRequest(await api(open.url, `/api/v1/webhooks/${data.id}`, { method: "PATCH", json: body, cookie }), field, `PATCH ${JSON.stringify(body)}`);
    }
    const { secret: _secret, ...view } = data;
    expect(await list(cookie)).toEqual([view]);
    expect((await webhookEvents(cookie)).map((event) => event.action)).toEqual(["webhook.created"]);
    // Query strings are checked too.
    expect((await api(open.url, `/api/v1/webhooks/${data.id}/deliveries?limit=0`, { cookie })).status).toBe(400);
  });

  it("moving, pausing, muting events and deleting need a recent proof of identity; adding events and describing do not", async () => {
    const { user: owner, cookie } = await user();
    const { data } = await create(cookie);
    await new Promise((resolve) => setTimeout(resolve, PAST_WINDOW_MS));
    const refusals: [string, Record<string, unknown> | undefined][] = [
      ["PATCH", { url: "http://127.0.0.1:10/elsewhere", description: "x" }],
      ["PATCH", { enabled: false }],
      ["PATCH", { events: ["key.exposed"] }],
      ["DELETE", undefined],
    ];
    for (const [method, json] of refusals) {
      const refused = await api(open.url, `/api/v1/webhooks/${data.id}`, { method, json, cookie });
      expect(refused.status, JSON.stringify(json)).toBe(403);
      expect((await errorEnvelope(refused)).code).toBe("reauthentication_required");
    }
    expect((await list(cookie))[0]).toMatchObject({ url: data.url, events: data.events, status: "enabled", description: null });
    // The same URL again is no change of URL; adding an event silences nothing.
    const same = await api(open.url, `/api/v1/webhooks/${data.id}`, { method: "PATCH", json: { url: data.url, events: [...data.events, "key.exposed"], description: "ops" }, cookie });
    expect(same.status).toBe(200);
    expect(((await same.json()) as { data: Webhook }).data).toMatchObject({ url: data.url, events: [...data.events, "key.exposed"], status: "enabled", description: "ops" });
    const created = await api(open.url, "/api/v1/webhooks", { json: { url: "http://127.0.0.1:9/", events: ["key.exposed"] }, cookie });
    expect((await errorEnvelope(created)).code).toBe("reauthentication_required");
    await reauth(cookie, owner.password);
    const movedNow = await api(open.url, `/api/v1/webhooks/${data.id}`, { method: "PATCH", json: { url: "http://127.0.0.1:10/elsewhere" }, cookie });
    expect(movedNow.status).toBe(200);
  }, 40_000);
});

describe("test events and redelivery", () => {
  it("test events and redeliveries are limited to 30 a minute per account: 20 at once, then 15 more, exactly 30 go out", async () => {
    const { cookie } = await user();
    const { data: endpoint } = await create(cookie, { url: "http://127.0.0.1:9/flood-target" });
    const send = () => api(open.url, `/api/v1/webhooks/${endpoint.id}/test`, { method: "POST", cookie });
    const statuses = [...(await Promise.all(Array.from({ length: 20 }, send))), ...(await Promise.all(Array.from({ length: 15 }, send)))].map((r) => r.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorEnvelope(refused)).code).toBe("rate_limited");
    const listed = ((await (await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries?limit=100`, { cookie })).json()) as { data: Delivery[] }).data;
    expect(listed).toHaveLength(30);
    // Another account is not affected.
    const other = await user();
    const { data: theirs } = await create(other.cookie, { url: "http://127.0.0.1:9/theirs" });
    expect((await api(open.url, `/api/v1/webhooks/${theirs.id}/test`, { method: "POST", cookie: other.cookie })).status).toBe(202);
  });

  it("a test event is a pending webhook.test delivery with a msg_ id, listed newest first; redelivery keeps its id and makes it due now", async () => {
    const { user: owner, cookie } = await user();
    const { data: endpoint } = await create(cookie, { url: "http://127.0.0.1:9/test-target" });
    const sent = await api(open.url, `/api/v1/webhooks/${endpoint.id}/test`, { method: "POST", cookie });
    expect(sent.status).toBe(202);
    const { data: first } = (await sent.json()) as { data: Delivery & Record<string, unknown> };
    expect(Object.keys(first).sort()).toEqual(DELIVERY_FIELDS);
    expect(first).toMatchObject({ type: "webhook.test", attempts: 0, response_status: null, last_error: null, delivered_at: null });
    expect(first.message_id).toMatch(/^msg_[0-9A-Z]{26}$/);
    // Pending until the delivery worker takes it.
    if (first.status === "pending") expect(first.next_attempt_at).toMatch(ISO_UTC);
    expect(storedPayload(first.id)).toEqual({
      type: "webhook.test",
      timestamp: expect.stringMatching(ISO_UTC),
      data: { id: first.message_id, account_id: owner.accountId, webhook: { id: endpoint.id, url: "http://127.0.0.1:9/test-target" } },
    });

    const second = ((await (await api(open.url, `/api/v1/webhooks/${endpoint.id}/test`, { method: "POST", cookie })).json()) as { data: Delivery }).data;
    expect(second.message_id).not.toBe(first.message_id);
    const listed = await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries`, { cookie });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: Delivery[] }).data.map((delivery) => delivery.id)).toEqual([second.id, first.id]);
    const limited = await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries?limit=1`, { cookie });
    expect(((await limited.json()) as { data: Delivery[] }).data.map((delivery) => delivery.id)).toEqual([second.id]);

    // Redelivering under an attempt in flight is refused (409); the worker takes a due delivery at once.
    await untilDeliveryIdle(open.url, cookie, endpoint.id, first.id);
    const again = await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries/${first.id}/redeliver`, { method: "POST", cookie });
    expect(again.status).toBe(202);
    const { data: redelivered } = (await again.json()) as { data: Delivery };
    expect(redelivered).toMatchObject({ id: first.id, message_id: first.message_id, type: "webhook.test", status: "pending" });
    expect(redelivered.next_attempt_at).toMatch(ISO_UTC);

    // A delivery of another endpoint of the same account is not this endpoint's.
    await reauth(cookie, owner.password);
    const { data: other } = await create(cookie, { url: "http://127.0.0.1:9/other" });
    expect((await api(open.url, `/api/v1/webhooks/${other.id}/deliveries/${first.id}/redeliver`, { method: "POST", cookie })).status).toBe(404);
    expect((await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries/${randomUUID()}/redeliver`, { method: "POST", cookie })).status).toBe(404);
    expect((await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries/not-a-uuid/redeliver`, { method: "POST", cookie })).status).toBe(404);
  });
});

describe("another account's endpoint is no such endpoint", () => {
  it("answers 404 not_found to GET, PATCH, DELETE, deliveries, test and redeliver, and is left as it was", async () => {
    const owner = await user();
    const { data: endpoint } = await create(owner.cookie, { description: "owner's" });
    const delivery = ((await (await api(open.url, `/api/v1/webhooks/${endpoint.id}/test`, { method: "POST", cookie: owner.cookie })).json()) as { data: Delivery }).data;
    const stranger = await user();
    const attempts: [string, string, Record<string, unknown> | undefined][] = [
      ["GET", `/api/v1/webhooks/${endpoint.id}`, undefined],
      ["PATCH", `/api/v1/webhooks/${endpoint.id}`, { description: "mine now" }],
      ["PATCH", `/api/v1/webhooks/${endpoint.id}`, { url: "http://127.0.0.1:9/stolen" }],
      ["DELETE", `/api/v1/webhooks/${endpoint.id}`, undefined],
      ["GET", `/api/v1/webhooks/${endpoint.id}/deliveries`, undefined],
      ["POST", `/api/v1/webhooks/${endpoint.id}/test`, undefined],
      ["POST", `/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`, undefined],
      ["GET", "/api/v1/webhooks/not-a-uuid", undefined],
    ];
    for (const [method, target, json] of attempts) {
      const response = await api(open.url, target, { method, json, cookie: stranger.cookie });
      expect(response.status, `${method} ${target}`).toBe(404);
      expect((await errorEnvelope(response)).code, `${method} ${target}`).toBe("not_found");
    }
    expect(await list(stranger.cookie)).toEqual([]);
    // What the stranger asked for did not change it (the worker's attempts at port 9 may have set failing_since).
    const { secret: _secret, updated_at: _updated, ...view } = endpoint as typeof endpoint & { updated_at?: string };
    const [now] = await list(owner.cookie);
    expect({ ...now, failing_since: null }).toMatchObject({ ...view, failing_since: null });
    const deliveries = ((await (await api(open.url, `/api/v1/webhooks/${endpoint.id}/deliveries`, { cookie: owner.cookie })).json()) as { data: Delivery[] }).data;
    expect(deliveries.map((d) => d.id)).toEqual([delivery.id]);
    expect(await webhookEvents(stranger.cookie)).toEqual([]);
  });

  it("without a session every webhook route answers 401", async () => {
    const id = randomUUID();
    for (const [method, target] of [
      ["GET", "/api/v1/webhooks"],
      ["POST", "/api/v1/webhooks"],
      ["GET", `/api/v1/webhooks/${id}`],
      ["PATCH", `/api/v1/webhooks/${id}`],
      ["DELETE", `/api/v1/webhooks/${id}`],
      ["GET", `/api/v1/webhooks/${id}/deliveries`],
      ["POST", `/api/v1/webhooks/${id}/test`],
      ["POST", `/api/v1/webhooks/${id}/deliveries/${randomUUID()}/redeliver`],
    ] as const) {
      expect((await api(open.url, target, { method })).status, `${method} ${target}`).toBe(401);
    }
  });
});

describe("where a webhook may point, without WEBHOOK_ALLOW_PRIVATE", () => {
  it.each([
    ["https://127.0.0.1/hook", "must name its host"],
    ["https://10.1.2.3/hook", "must name its host"],
    ["https://169.254.169.254/latest/meta-data/", "must name its host"],
    ["https://[::1]/hook", "must name its host"],
    ["https://0x7f.1/hook", "must name its host"],
    ["https://2130706433/hook", "must name its host"],
    ["https://[::ffff:127.0.0.1]/hook", "must name its host"],
    ["https://localhost/hook", "resolves to a loopback address"],
    ["http://hooks.example.com/hook", "must start with https://"],
    ["https://user:pw@hooks.example.com/hook", "user name or password"],
    // No public DNS here: a name that does not resolve is refused as such.
    ["https://hooks.example.invalid/hook", "host name does not resolve"],
  ])("%s is refused with 400 invalid_request (%s), and nothing is saved", async (url, reason) => {
    const { cookie } = await signUpAndSignIn(strict.url);
    const response = await api(strict.url, "/api/v1/webhooks", { json: { url, events: ["key.expiring"] }, cookie });
    const error = await expectBadRequest(response, "url", url);
    expect(error.message).toContain(reason);
    expect(error.message).not.toMatch(/127\.0\.0\.1|::1/);
    const listed = await api(strict.url, "/api/v1/webhooks", { cookie });
    expect(((await listed.json()) as { data: unknown[] }).data).toEqual([]);
  });
});
