// Settings → Webhooks against a real receiver on 127.0.0.1 (the e2e server runs with
// WEBHOOK_ALLOW_PRIVATE=1, see playwright.config.ts): the signing secret is shown once and never
// again, "Send test event" arrives signed per Standard Webhooks and shows as succeeded, a
// redelivery keeps its webhook-id; editing sends only what changed; disable, enable, delete.
// Also pictures of the webhooks and notifications pages.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { WEBHOOK_EVENT_TYPES } from "../lib/notifications/types";
import { expect, test } from "./support/test";
import { signUpFreshUser } from "./api-keys-helpers";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");

type Received = { method: string; path: string; headers: Record<string, string>; body: string };

type Receiver = { url: string; received: Received[]; waitFor: (count: number) => Promise<Received>; close: () => Promise<void> };

/** An HTTP server on a free port of 127.0.0.1 that answers 200 and keeps every request it got. */
async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: flatten(req.headers), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/soc-platform`,
    received,
    async waitFor(count) {
      await expect.poll(() => received.length, { message: `the receiver gets request ${count}`, timeout: 30_000 }).toBeGreaterThanOrEqual(count);
      return received[count - 1] as Received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

function endpoint(page: Page, url: string): Locator {
  return page.getByTestId("webhook-endpoint").filter({ has: page.getByTestId("webhook-url").getByText(url, { exact: true }) });
}

function addDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Add webhook endpoint" });
}

function revealDialog(page: Page): Locator {
  return page.getByTestId("reveal-secret-dialog");
}

async function openWebhooks(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await page.waitForURL("**/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expect(page.getByText("Loading endpoints…")).toHaveCount(0);
}

/** Fills the add dialog and submits it; `events` null: "All events". */
async function submitAdd(page: Page, url: string, events: string[] | null, description = "") {
  const dialog = addDialog(page);
  await dialog.getByLabel("URL", { exact: true }).fill(url);
  await dialog.getByLabel("Description (optional)").fill(description);
  if (events === null) await dialog.getByRole("checkbox", { name: "All events" }).check();
  else for (const type of events) await dialog.getByRole("checkbox", { name: type, exact: true }).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
}

type WebhookJson = { id: string; url: string; description: string | null; events: string[]; status: string };

async function webhooksJson(page: Page): Promise<{ text: string; data: WebhookJson[] }> {
  const response = await page.request.get("/api/v1/webhooks");
  expect(response.ok()).toBe(true);
  const text = await response.text();
  return { text, data: (JSON.parse(text) as { data: WebhookJson[] }).data };
}

test("add an endpoint: secret once, a signed test event arrives and shows succeeded, a redelivery keeps its webhook-id", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signUpFreshUser(page, "webhooks-add");
    await openWebhooks(page);
    await expect(page.getByTestId("webhooks-empty")).toBeVisible();

    // Caught before any request: no events chosen.
    let posted = 0;
    page.on("request", (req) => {
      if (req.url().endsWith("/api/v1/webhooks") && req.method() === "POST") posted += 1;
    });
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await submitAdd(page, receiver.url, []);
    await expect(addDialog(page).getByRole("alert")).toHaveText("Choose at least one event.");
    expect(posted).toBe(0);

    // Refused by the server (credentials in the URL): its message, in the dialog.
    const refused = page.waitForResponse((res) => res.url().endsWith("/api/v1/webhooks") && res.request().method() === "POST");
    await submitAdd(page, "https://user:secret@hooks.example.com/soc", null);
    const refusal = await refused;
    expect(refusal.status()).toBe(400);
    const { error } = (await refusal.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_request");
    await expect(addDialog(page).getByTestId("webhook-form-error")).toHaveText(error.message);
    await expect(revealDialog(page)).toHaveCount(0);

    // Accepted.
    const created = page.waitForResponse((res) => res.url().endsWith("/api/v1/webhooks") && res.request().method() === "POST");
    await submitAdd(page, receiver.url, null, "Local receiver");
    expect((await created).status()).toBe(201);
    await expect(addDialog(page)).toHaveCount(0);
    await expect(revealDialog(page)).toContainText("shown only once");
    const secret = await revealDialog(page).getByTestId("revealed-secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await revealDialog(page).getByRole("button", { name: "Done" }).click();
    await expect(revealDialog(page)).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    const listed = await webhooksJson(page);
    expect(listed.text).not.toContain(secret);
    expect(listed.text).not.toContain("whsec_");
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ url: receiver.url, description: "Local receiver", status: "enabled" });
    expect([...(listed.data[0]?.events ?? [])].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());

    const card = endpoint(page, receiver.url);
    await expect(card.getByTestId("webhook-status")).toHaveText("Enabled");
    await expect(card.getByRole("list", { name: "Events" }).getByRole("listitem")).toHaveCount(WEBHOOK_EVENT_TYPES.length);

    // Send test event: a POST to the receiver, signed with the secret shown once.
    await card.getByRole("button", { name: "Send test event" }).click();
    const first = await receiver.waitFor(1);
    expect(first.method).toBe("POST");
    expect(first.path).toBe("/hooks/soc-platform");
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    expect(first.headers["user-agent"]).toBe("SOC-Platform-Webhooks/1");
    expect(first.headers["webhook-id"]).toMatch(/^msg_/);
    expect(first.headers["webhook-signature"]).toMatch(/^v1,/);
    const payload = new Webhook(secret).verify(first.body, first.headers) as { type: string; timestamp: string; data: { id: string } };
    expect(payload.type).toBe("webhook.test");
    expect(payload.data.id).toBe(first.headers["webhook-id"]);
    // Another secret does not verify it.
    expect(() => new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(first.body, first.headers)).toThrow();

    const delivery = card.locator('[data-testid="webhook-delivery"][data-type="webhook.test"]');
    await expect(delivery).toHaveCount(1);
    // The list reads itself again every 5 s while a delivery is pending.
    await expect(delivery).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
    await expect(delivery.getByTestId("delivery-status")).toHaveText("Succeeded");
    await expect(delivery.getByTestId("delivery-response")).toHaveText("200");
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("1");

    // Redeliver: the same message again, the same webhook-id, signed afresh.
    await delivery.getByRole("button", { name: "Redeliver" }).click();
    const second = await receiver.waitFor(2);
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(second.body).toBe(first.body);
    new Webhook(secret).verify(second.body, second.headers);
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("2", { timeout: 20_000 });
    await expect(delivery).toHaveAttribute("data-status", "succeeded");
  } finally {
    await receiver.close();
  }
});

test("edit sends only what changed; disable, enable and delete", async ({ page }) => {
  await signUpFreshUser(page, "webhooks-edit");
  await openWebhooks(page);
  // Nothing is delivered in this test: no key events happen and no test event is sent.
  const url = "http://127.0.0.1:9/hooks/pager";

  await page.getByRole("button", { name: "Add endpoint" }).click();
  await submitAdd(page, url, ["key.expiring", "key.exposed"], "Pager");
  // Escape asks before the secret is gone for good.
  await expect(revealDialog(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(revealDialog(page).getByTestId("secret-close-confirm")).toBeVisible();
  await revealDialog(page).getByRole("button", { name: "Keep open" }).click();
  await revealDialog(page).getByRole("button", { name: "Done" }).click();
  await expect(revealDialog(page)).toHaveCount(0);

  const card = endpoint(page, url);
  await expect(card.getByRole("list", { name: "Events" }).getByRole("listitem")).toHaveText(["key.expiring", "key.exposed"]);

  await card.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit webhook endpoint" });
  await expect(dialog.getByLabel("URL", { exact: true })).toHaveValue(url);
  await expect(dialog.getByRole("checkbox", { name: "key.exposed", exact: true })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "key.expiring", exact: true }).uncheck();
  await dialog.getByRole("checkbox", { name: "key.revoked", exact: true }).check();
  await dialog.getByLabel("Description (optional)").fill("Pager: revoked and exposed keys");
  const patch = page.waitForRequest((req) => /\/api\/v1\/webhooks\/[^/]+$/.test(req.url()) && req.method() === "PATCH");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  // The URL did not change, so it is not sent (a URL change needs a recent sign-in).
  expect((await patch).postDataJSON()).toEqual({ description: "Pager: revoked and exposed keys", events: ["key.revoked", "key.exposed"] });
  await expect(dialog).toHaveCount(0);
  await expect(card.getByRole("list", { name: "Events" }).getByRole("listitem")).toHaveText(["key.revoked", "key.exposed"]);
  await expect(card).toContainText("Pager: revoked and exposed keys");
  const [saved] = (await webhooksJson(page)).data;
  expect(saved).toMatchObject({ url, description: "Pager: revoked and exposed keys" });
  expect([...(saved?.events ?? [])].sort()).toEqual(["key.exposed", "key.revoked"]);

  await card.getByRole("button", { name: "Disable" }).click();
  await expect(card.getByTestId("webhook-status")).toHaveText("Disabled");
  await expect(card.getByTestId("webhook-disabled-warning")).toBeVisible();
  expect((await webhooksJson(page)).data[0]?.status).toBe("disabled");

  const enable = page.waitForRequest((req) => /\/api\/v1\/webhooks\/[^/]+$/.test(req.url()) && req.method() === "PATCH");
  await card.getByTestId("webhook-disabled-warning").getByRole("button", { name: "Enable" }).click();
  expect((await enable).postDataJSON()).toEqual({ enabled: true });
  await expect(card.getByTestId("webhook-status")).toHaveText("Enabled");
  await expect(card.getByTestId("webhook-disabled-warning")).toHaveCount(0);

  await card.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete webhook endpoint" });
  await expect(confirm).toContainText(url);
  await confirm.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId("webhooks-empty")).toBeVisible();
  expect((await webhooksJson(page)).data).toHaveLength(0);
});

test("pictures of the webhooks page and the notifications page", async ({ page }, testInfo) => {
  const receiver = await startReceiver();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signUpFreshUser(page, "webhooks-shots");
    const add = async (body: object) => {
      const response = await page.request.post("/api/v1/webhooks", { data: body });
      expect(response.status()).toBe(201);
      return ((await response.json()) as { data: { id: string } }).data.id;
    };
    const working = await add({ url: receiver.url, events: [...WEBHOOK_EVENT_TYPES], description: "Tines story: page the on-call" });
    const paused = await add({ url: "http://127.0.0.1:9/hooks/ticketing", events: ["key.expiring", "key.expired"], description: "Ticketing (paused)" });
    expect((await page.request.patch(`/api/v1/webhooks/${paused}`, { data: { enabled: false } })).ok()).toBe(true);

    // Some notifications, also posted to the working endpoint.
    for (const name of ["prod-splunk-2026q2", "staging-sentinel"]) expect((await page.request.post("/api/v1/keys", { data: { name } })).status()).toBe(201);
    expect((await page.request.post(`/api/v1/webhooks/${working}/test`)).status()).toBe(202);
    await receiver.waitFor(3);

    await page.goto("/settings/webhooks");
    const card = endpoint(page, receiver.url);
    await card.getByRole("button", { name: "Show deliveries" }).click();
    const deliveries = card.getByTestId("webhook-delivery");
    await expect(deliveries).toHaveCount(3);
    await expect(deliveries.and(page.locator('[data-status="succeeded"]'))).toHaveCount(3, { timeout: 20_000 });
    await expect(endpoint(page, "http://127.0.0.1:9/hooks/ticketing").getByTestId("webhook-disabled-warning")).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "webhooks-1280.png"), fullPage: true });

    await page.goto("/notifications");
    await expect(page.getByTestId("notification")).toHaveCount(2);
    await page.screenshot({ path: path.join(SHOTS, "notifications-1280.png"), fullPage: true });

    for (const file of ["webhooks-1280.png", "notifications-1280.png"]) {
      await testInfo.attach(file, { path: path.join(SHOTS, file), contentType: "image/png" });
    }
  } finally {
    await receiver.close();
  }
});
