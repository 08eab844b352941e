// Notifications with several instances on PostgreSQL and Redis (BullMQ): each reminder and each
// delivery happens once, whichever instance finds or sends it; retries follow failures and stop
// at the first success; an endpoint that never answers holds up nothing else; and a delivery in
// flight on an instance that dies is sent by another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signUpAndSignIn } from "../support/client";
import { createTestDatabase, reachablePostgresUrl, type TestDatabase } from "../support/database";
import { createKey, setTier } from "../support/keys";
import { createTestRedis, redisServerAvailable, type TestRedis } from "../support/redis-server";
import { startServer, type RunningServer } from "../support/server";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const postgresUrl = await reachablePostgresUrl("the notification scale-out tests");
const missing = [
  ...(postgresUrl ? [] : ["PostgreSQL (set TEST_DATABASE_URL)"]),
  ...(redisServerAvailable() ? [] : ["redis-server (apt-get install redis-server)"]),
];
if (missing.length > 0) console.warn(`Skipping the notification scale-out tests: they need ${missing.join(" and ")}.`);

const SECRET = "notify-scale-out-secret-0123456789-abcdefghijklm";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Delivery = { id: string; message_id: string; type: string; status: string; attempts: number; response_status: number | null; last_error: string | null };

async function addEndpoint(baseUrl: string, cookie: string, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const response = await api(baseUrl, "/api/v1/webhooks", { json: { url, events }, cookie });
  expect(response.status).toBe(201);
  const { data } = (await response.json()) as { data: { id: string; secret: string } };
  return data;
}

async function deliveries(baseUrl: string, cookie: string, endpointId: string): Promise<Delivery[]> {
  const response = await api(baseUrl, `/api/v1/webhooks/${endpointId}/deliveries?limit=100`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Delivery[] }).data;
}

describe.skipIf(missing.length > 0)(`notifications on two instances${missing.length ? ` (skipped: needs ${missing.join(", ")})` : ""}`, () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let smtp: SmtpSink;
  let a: RunningServer;
  let b: RunningServer;
  const receivers: WebhookReceiver[] = [];

  function instanceEnv(extra: Record<string, string> = {}) {
    return {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      NEXTAUTH_SECRET: SECRET,
      NOTIFY_SCAN_SECONDS: "1",
      WEBHOOK_ALLOW_PRIVATE: "1",
      WEBHOOK_RETRY_BASE_SECONDS: "0.2",
      // 4 workers per instance, 8 in all: fewer than the silent endpoint's 10 deliveries, so without
      // the per-endpoint and per-account caps it would hold every worker and the steady one would wait.
      DELIVERY_CONCURRENCY: "4",
      SMTP_URL: smtp.url,
      MAIL_FROM: "SOC Platform <alerts@soc.test>",
      ...extra,
    };
  }

  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  beforeAll(async () => {
    if (!postgresUrl) throw new Error("unreachable: skipped without PostgreSQL");
    database = await createTestDatabase(postgresUrl);
    redis = await createTestRedis();
    smtp = await startSmtpSink();
    // One after the other: each applies pending migrations first.
    a = await startServer({ env: instanceEnv() });
    b = await startServer({ env: instanceEnv() });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all(receivers.map((r) => r.close()));
    await smtp?.close();
    await redis?.stop();
    await database?.drop();
  });

  it("50 keys expiring within a day: each reminder reaches the webhook once, signed, and the user once by e-mail", async () => {
    const { cookie, user } = await signUpAndSignIn(a.url);
    await setTier(database.url, user.email, "pro");
    const hooks = await receiver();
    const endpoint = await addEndpoint(b.url, cookie, hooks.url, ["key.expiring"]);
    const mailBefore = smtp.messages.length;

    const names = Array.from({ length: 50 }, (_, i) => `expiring-${String(i).padStart(2, "0")}`);
    const keys = await Promise.all(names.map((name, i) => createKey(i % 2 === 0 ? a.url : b.url, cookie, { name, expires_in_days: 1 })));

    await hooks.waitFor(50, 60_000);
    await smtp.waitFor(mailBefore + 50, 60_000);
    // Both instances scan every second: a few more scans must not send anything again.
    await sleep(5_000);

    // Each message once: 50 webhook-ids. A request beyond 50 may only be a recorded retry (an
    // attempt that failed on our side, e.g. timed out on a loaded machine, and was sent again with
    // the same webhook-id), never a second send of a delivery by another worker.
    const list = await deliveries(a.url, cookie, endpoint.id);
    const retried = list.filter((delivery) => delivery.attempts > 1);
    console.info(`[notifications scale-out] ${hooks.received.length} requests for ${list.length} deliveries; retried: ${JSON.stringify(retried)}`);
    expect(list).toHaveLength(50);
    expect(list.every((delivery) => delivery.status === "succeeded" && delivery.response_status === 200), JSON.stringify(list.filter((d) => d.attempts !== 1))).toBe(true);
    expect(hooks.received.length).toBe(list.reduce((sum, delivery) => sum + delivery.attempts, 0));
    expect(new Set(hooks.received.map((request) => request.id)).size).toBe(50);
    const events = hooks.verifyAll(endpoint.secret);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(["key.expiring"]));
    expect(new Set(events.map((event) => (event.data.key as { id: string }).id))).toEqual(new Set(keys.map((key) => key.data.id)));
    expect(events.every((event) => event.data.reminder_days === 1)).toBe(true);
    // No secret anywhere in what was sent.
    for (const key of keys) expect(hooks.received.some((request) => request.body.includes(key.data.key))).toBe(false);

    const mails = smtp.messages.slice(mailBefore);
    expect(mails).toHaveLength(50);
    expect(mails.every((mail) => mail.to.includes(user.email))).toBe(true);
    expect(new Set(mails.map((mail) => names.find((name) => mail.subject.includes(name))))).toEqual(new Set(names));

  });

  it("500 three times, then 200: the event arrives exactly once more; an endpoint that never answers holds up nothing else", async () => {
    const { cookie } = await signUpAndSignIn(a.url);
    const flaky = await receiver();
    flaky.answer = (_request, index) => (index < 3 ? 500 : 200);
    const silent = await receiver();
    silent.answer = () => "hang";
    const steady = await receiver();
    const flakyEndpoint = await addEndpoint(a.url, cookie, flaky.url, ["key.created"]);
    const silentEndpoint = await addEndpoint(a.url, cookie, silent.url, ["key.created"]);
    const steadyEndpoint = await addEndpoint(a.url, cookie, steady.url, ["key.created"]);

    const first = await createKey(a.url, cookie, { name: "flaky-first" });
    for (let i = 0; i < 9; i++) await createKey(i % 2 === 0 ? b.url : a.url, cookie, { name: `steady-${i}` });

    // The steady endpoint has all ten while every attempt at the silent one is still waiting for an answer.
    await steady.waitFor(10, 30_000);
    const silentNow = await deliveries(a.url, cookie, silentEndpoint.id);
    expect(silentNow).toHaveLength(10);
    expect(silentNow.every((delivery) => delivery.status === "pending" && delivery.attempts === 0)).toBe(true);
    expect(silent.received.length).toBeGreaterThan(0);
    expect(steady.verifyAll(steadyEndpoint.secret).map((event) => event.type)).toEqual(Array(10).fill("key.created"));

    // The flaky endpoint: its ten events each fail three times in all before the first 200 (the
    // first three requests fail, whichever events they carry), then each is delivered once.
    await flaky.waitFor(13, 30_000);
    await sleep(3_000);
    expect(flaky.received).toHaveLength(13);
    const byId = new Map<string, number>();
    for (const request of flaky.received) byId.set(request.id, (byId.get(request.id) ?? 0) + 1);
    expect(byId.size).toBe(10);
    expect([...byId.values()].reduce((sum, n) => sum + n, 0)).toBe(13);
    const flakyList = await deliveries(a.url, cookie, flakyEndpoint.id);
    expect(flakyList.every((delivery) => delivery.status === "succeeded" && delivery.response_status === 200)).toBe(true);
    expect(flakyList.reduce((sum, delivery) => sum + delivery.attempts, 0)).toBe(13);
    // Every request for the first key carried the same webhook-id, and it verifies.
    const firstEvents = flaky.verifyAll(flakyEndpoint.secret).filter((event) => (event.data.key as { id: string }).id === first.data.id);
    expect(firstEvents.length).toBeGreaterThanOrEqual(1);
    expect(new Set(firstEvents.map((event) => event.data.id)).size).toBe(1);
  });

  it("a delivery in flight when its instance dies is sent by another instance", async () => {
    // One instance alone takes the job; a second starts while the attempt waits for an answer;
    // the first is killed (no shutdown of any kind); the second must send the event.
    const lone = await startServer({ env: instanceEnv({ WEBHOOK_TIMEOUT_MS: "30000" }) });
    await Promise.all([a.stop(), b.stop()]);
    const { cookie } = await signUpAndSignIn(lone.url);
    const hooks = await receiver();
    hooks.answer = (_request, index) => (index === 0 ? "hang" : 200);
    const endpoint = await addEndpoint(lone.url, cookie, hooks.url, ["key.created"]);
    await createKey(lone.url, cookie, { name: "in-flight" });
    await hooks.waitFor(1, 30_000);

    const heir = await startServer({ env: instanceEnv() });
    try {
      await lone.stop("SIGKILL");
      await hooks.waitFor(2, 120_000);
      const [held, sent] = hooks.received;
      expect(sent!.id).toBe(held!.id);
      const events = hooks.verifyAll(endpoint.secret);
      expect(events[1]!.type).toBe("key.created");
      await sleep(2_000);
      expect(hooks.received).toHaveLength(2);
      const list = await deliveries(heir.url, cookie, endpoint.id);
      expect(list).toMatchObject([{ status: "succeeded", attempts: 1, response_status: 200 }]);
    } finally {
      await heir.stop();
    }
  }, 240_000);
});
