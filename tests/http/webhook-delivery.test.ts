// Webhook deliveries on the embedded default (SQLite, the in-process worker): signed per Standard
// Webhooks, retried with backoff until the first success, given up after the retry window, the
// endpoint disabled after failing for the configured time (and its owner told in the console),
// and the address checked again when sending, not only when the endpoint was saved.
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { api, signUpAndSignIn } from "../support/client";
import { createKey } from "../support/keys";
import { ownServers } from "../support/own-servers";
import { tempDir } from "../support/server";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const servers = ownServers();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Delivery = { id: string; message_id: string; type: string; status: string; attempts: number; response_status: number | null; last_error: string | null };
type Endpoint = { id: string; status: string; disabled_reason: string | null; failing_since: string | null };

const FAST = { NOTIFY_SCAN_SECONDS: "1", WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_BASE_SECONDS: "0.2" };

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  servers.defer(() => started.close());
  return started;
}

async function addEndpoint(baseUrl: string, cookie: string, url: string, events: string[]) {
  const response = await api(baseUrl, "/api/v1/webhooks", { json: { url, events }, cookie });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { id: string; secret: string } }).data;
}

async function deliveries(baseUrl: string, cookie: string, endpointId: string): Promise<Delivery[]> {
  const response = await api(baseUrl, `/api/v1/webhooks/${endpointId}/deliveries`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Delivery[] }).data;
}

async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last seen: ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

describe("webhook deliveries (in-process worker)", () => {
  it("500 three times and then 200: the event arrives exactly once more, with the same webhook-id, signed", async () => {
    const server = await servers.start({ env: FAST });
    const { cookie } = await signUpAndSignIn(server.url);
    const hooks = await receiver();
    hooks.answer = (_request, index) => (index < 3 ? 500 : 200);
    const endpoint = await addEndpoint(server.url, cookie, hooks.url, ["key.created"]);
    const { data: key } = await createKey(server.url, cookie, { name: "Sentinel connector" });

    await hooks.waitFor(4);
    await sleep(2_000);
    expect(hooks.received).toHaveLength(4);
    expect(new Set(hooks.received.map((request) => request.id)).size).toBe(1);
    const events = hooks.verifyAll(endpoint.secret);
    expect(events[3]).toMatchObject({ type: "key.created", data: { key: { id: key.id, name: "Sentinel connector", preview: key.key_preview } } });
    // Backoff: each wait at least as long as the one before (base 0.2 s, doubling, ±20 %).
    const gaps = hooks.received.slice(1).map((request, i) => request.at - hooks.received[i]!.at);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect(await deliveries(server.url, cookie, endpoint.id)).toMatchObject([{ status: "succeeded", attempts: 4, response_status: 200, last_error: null }]);
  });

  it("an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS is disabled and its owner told; enabling it again works", async () => {
    const server = await servers.start({ env: { ...FAST, WEBHOOK_DISABLE_AFTER_HOURS: "0.001" } });
    const { cookie } = await signUpAndSignIn(server.url);
    const hooks = await receiver();
    hooks.answer = () => 503;
    const endpoint = await addEndpoint(server.url, cookie, hooks.url, ["key.created"]);
    await createKey(server.url, cookie, { name: "never-delivered" });

    const disabled = await until(
      async () => ((await (await api(server.url, `/api/v1/webhooks/${endpoint.id}`, { cookie })).json()) as { data: Endpoint }).data,
      (view) => view.status === "disabled",
    );
    expect(disabled.disabled_reason).toMatch(/failed/i);
    const notifications = ((await (await api(server.url, "/api/v1/notifications", { cookie })).json()) as { data: { type: string; data: { webhook?: { id: string } } }[] }).data;
    expect(notifications.filter((n) => n.type === "webhook.disabled")).toHaveLength(1);
    expect(notifications.find((n) => n.type === "webhook.disabled")!.data.webhook!.id).toBe(endpoint.id);
    // Every member reads notifications, only owners and admins the endpoint: its URL (a capability) is not repeated.
    const shown = (notifications.find((n) => n.type === "webhook.disabled")!.data.webhook as { url?: string }).url ?? "";
    expect(shown).toMatch(/ \(#[0-9a-f]{8}\)$/);
    expect(shown).not.toContain(new URL(hooks.url).pathname.length > 1 ? new URL(hooks.url).pathname : "\u0000");

    // Disabled: new events are not queued for it.
    const seen = hooks.received.length;
    await createKey(server.url, cookie, { name: "while-disabled" });
    await sleep(1_500);
    expect(hooks.received.length).toBe(seen);
    expect((await deliveries(server.url, cookie, endpoint.id)).filter((d) => d.status === "pending")).toHaveLength(0);

    hooks.answer = () => 200;
    const enabled = await api(server.url, `/api/v1/webhooks/${endpoint.id}`, { method: "PATCH", json: { enabled: true }, cookie });
    expect(enabled.status).toBe(200);
    expect(((await enabled.json()) as { data: Endpoint }).data).toMatchObject({ status: "enabled", failing_since: null });
    await createKey(server.url, cookie, { name: "after-enabling" });
    await until(() => Promise.resolve(hooks.received.filter((r) => r.body.includes("after-enabling")).length), (n) => n === 1);
  });

  it("gives a delivery up after WEBHOOK_RETRY_HOURS; redelivering sends it again with the same webhook-id", async () => {
    const server = await servers.start({ env: { ...FAST, WEBHOOK_RETRY_HOURS: "0.0005" } });
    const { cookie } = await signUpAndSignIn(server.url);
    const hooks = await receiver();
    hooks.answer = () => 500;
    const endpoint = await addEndpoint(server.url, cookie, hooks.url, ["key.created"]);
    await createKey(server.url, cookie, { name: "given-up" });
    const [failed] = await until(() => deliveries(server.url, cookie, endpoint.id), (list) => list[0]?.status === "failed");
    const tries = hooks.received.length;
    await sleep(1_500);
    expect(hooks.received.length).toBe(tries);

    hooks.answer = () => 200;
    const redelivered = await api(server.url, `/api/v1/webhooks/${endpoint.id}/deliveries/${failed!.id}/redeliver`, { method: "POST", cookie });
    expect(redelivered.status).toBe(202);
    await hooks.waitFor(tries + 1);
    expect(hooks.received.at(-1)!.id).toBe(failed!.message_id);
    await until(() => deliveries(server.url, cookie, endpoint.id), (list) => list[0]?.status === "succeeded");
  });

  it("checks the address again when sending: an endpoint saved under WEBHOOK_ALLOW_PRIVATE gets nothing once it is off", async () => {
    const dataDir = tempDir("webhook-recheck");
    servers.defer(() => rmSync(dataDir, { recursive: true, force: true }));
    const hooks = await receiver();
    const permissive = await servers.start({ dataDir, env: FAST });
    const { cookie } = await signUpAndSignIn(permissive.url);
    // https to a name: allowed while private addresses are; afterwards refused for what the name resolves to.
    const endpoint = await addEndpoint(permissive.url, cookie, hooks.url.replace("http://127.0.0.1", "https://localhost"), ["key.created"]);
    await permissive.stop();

    const strict = await servers.start({ dataDir, env: { NOTIFY_SCAN_SECONDS: "1", WEBHOOK_RETRY_BASE_SECONDS: "0.2", WEBHOOK_ALLOW_PRIVATE: undefined } });
    const again = await api(strict.url, "/api/v1/keys", { json: { name: "after-restart" }, cookie });
    // The old cookie still works (same data folder, same secret).
    expect(again.status).toBe(201);
    const [delivery] = await until(() => deliveries(strict.url, cookie, endpoint.id), (list) => (list[0]?.attempts ?? 0) >= 1);
    expect(delivery!.status).toBe("pending");
    // Refused by the policy for the address the name resolves to now, not a network error.
    expect(delivery!.last_error).toMatch(/^refused: .*loopback/);
    expect(hooks.received).toHaveLength(0);
  });
});
