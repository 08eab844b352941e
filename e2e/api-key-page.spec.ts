// A key's own page, /settings/api-keys/{id}: reached from the list, rename, allowed addresses
// (a bad entry refused in place, nothing saved; good ones saved and shown on the list), the
// 30-day chart and the source addresses after real Bearer use, and the key's history. Also:
// the list's HTML comes from the server with the keys in it, and another account's key page is
// a plain 404.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { confirmSaved, keyItem, readRevealedKey, signUpFreshUser } from "./api-keys-helpers";
import { STORAGE_STATE } from "./support/users";

// A reader far from the server's UTC: times then differ between the server's HTML and the
// browser's, which is what the pages must render without a hydration mismatch.
test.use({ timezoneId: "Asia/Kolkata" });

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");
const AGENT = "e2e-siem-poller/1.0";

type KeyJson = { id: string; name: string; allowed_ips: string[] | null };
type UsageJson = { data: { totals: { requests: number; refusals: { ip_not_allowed: number } }; sources: { address: string; requests: number }[] } };

async function createKey(page: Page, name: string): Promise<{ id: string; secret: string }> {
  const response = await page.request.post("/api/v1/keys", { data: { name } });
  expect(response.status()).toBe(201);
  const { data } = (await response.json()) as { data: { id: string; key: string } };
  return { id: data.id, secret: data.key };
}

async function keyJson(page: Page, id: string): Promise<KeyJson> {
  const response = await page.request.get(`/api/v1/keys/${id}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { data: KeyJson }).data;
}

async function usageOf(page: Page, id: string): Promise<UsageJson["data"]> {
  const response = await page.request.get(`/api/v1/keys/${id}/usage?days=30`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as UsageJson).data;
}

/** A call as an integration makes it: the key alone, no browser session. */
async function callWithKey(request: APIRequestContext, secret: string): Promise<number> {
  const response = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}`, "User-Agent": AGENT } });
  return response.status();
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  await test.info().attach(name, { path: path.join(SHOTS, name), contentType: "image/png" });
}

/** Errors the page's own scripts log: a server render that the browser's first render disagrees with shows here. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("a key's page: rename, allowed addresses, the 30-day chart, sources and history", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = pageErrors(page);
  await signUpFreshUser(page, "key-page");
  const { id, secret } = await createKey(page, "prod-splunk-2026q2");
  await createKey(page, "staging-sentinel");
  for (let i = 0; i < 3; i++) expect(await callWithKey(request, secret)).toBe(200);
  // Once these are written (a flush, every 5 s), the first use is on record as served.
  await expect.poll(async () => (await usageOf(page, id)).totals.requests, { timeout: 20_000 }).toBe(3);

  // From the list to the key's page.
  await page.reload();
  await keyItem(page, "prod-splunk-2026q2").getByRole("link", { name: "prod-splunk-2026q2" }).click();
  await page.waitForURL(`**/settings/api-keys/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "prod-splunk-2026q2" })).toBeVisible();
  await expect(page.getByTestId("allowed-anywhere")).toContainText("Anywhere");

  // Rename.
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("New name").fill("prod-splunk-2026q3");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "prod-splunk-2026q3" })).toBeVisible();
  expect((await keyJson(page, id)).name).toBe("prod-splunk-2026q3");

  // One bad entry: refused on its own row, nothing saved.
  const editor = page.getByTestId("key-section-allowed-addresses");
  const add = editor.getByLabel("Add an address or range");
  for (const entry of ["203.0.113.7", "10.1"]) {
    await add.fill(entry);
    await editor.getByRole("button", { name: "Add", exact: true }).click();
  }
  await editor.getByRole("button", { name: "Save allowed addresses" }).click();
  const row = (entry: string) => editor.locator(`[data-testid="allowed-ip"][data-entry="${entry}"]`);
  await expect(row("10.1").getByRole("alert")).toContainText('"10.1" is not an IPv4 or IPv6 address');
  await expect(row("203.0.113.7").getByRole("alert")).toHaveCount(0);
  expect((await keyJson(page, id)).allowed_ips).toBeNull();

  // Good entries: saved, and the key is now refused from here.
  await editor.getByRole("button", { name: "Remove 10.1" }).click();
  await add.fill("198.51.100.0/24");
  await add.press("Enter");
  await editor.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(page.getByText("can now be used only from 203.0.113.7, 198.51.100.0/24")).toBeVisible();
  await expect(page.getByTestId("ip-restricted")).toContainText("IP-restricted · 2");
  expect((await keyJson(page, id)).allowed_ips).toEqual(["203.0.113.7", "198.51.100.0/24"]);
  expect(await callWithKey(request, secret)).toBe(403);

  // Usage reaches the database within a flush (5 s): wait for the API to report it, then reload.
  await expect
    .poll(
      async () => {
        const usage = await usageOf(page, id);
        return [usage.totals.requests, usage.totals.refusals.ip_not_allowed];
      },
      { timeout: 20_000 },
    )
    .toEqual([3, 1]);
  await page.reload();
  await expect(page.getByRole("img", { name: /3 served and 1 refused \(1 from an address not allowed/ })).toBeVisible();
  await expect(page.getByTestId("usage-total-served")).toContainText("3");
  await expect(page.getByTestId("usage-table").getByRole("row")).toHaveCount(2);
  const source = page.getByTestId("source-row");
  await expect(source).toHaveCount(1);
  await expect(source).toContainText("127.0.0.1");
  await expect(source.getByRole("cell").last()).toHaveText("4");
  await expect(page.getByTestId("last-used-user-agent")).toHaveText(AGENT);

  // The history, newest first: the allowlist change, the rename, the first use, the creation.
  const history = page.getByTestId("key-event");
  await expect(history.filter({ hasText: "Allowed addresses: anywhere → 203.0.113.7, 198.51.100.0/24" })).toHaveCount(1);
  await expect(history.filter({ hasText: "Renamed from “prod-splunk-2026q2” to “prod-splunk-2026q3”" })).toHaveCount(1);
  await expect(history.filter({ hasText: "First use from 127.0.0.1 (served)" })).toHaveCount(1);
  await expect(history.first()).toHaveAttribute("data-action", "api_key.updated");
  await expect(history.last()).toHaveAttribute("data-action", "api_key.created");
  await shot(page, "api-key-page-1280.png");

  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByRole("img", { name: /3 served/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await shot(page, "api-key-page-375.png");

  // Back on the list, the restriction shows as a chip with the addresses in words.
  await page.getByRole("link", { name: "← API keys" }).click();
  await page.waitForURL("**/settings/api-keys");
  const chip = keyItem(page, "prod-splunk-2026q3").getByTestId("ip-restricted");
  await expect(chip).toContainText("IP-restricted · 2");
  await expect(chip).toContainText("Usable only from these 2 addresses: 203.0.113.7, 198.51.100.0/24");
  await expect(keyItem(page, "staging-sentinel").getByTestId("ip-restricted")).toHaveCount(0);
  // Times render in UTC first and in the reader's zone after hydration: no mismatch on either page.
  expect(errors).toEqual([]);
});

test("rotate and revoke from the key page, each key leading to the other", async ({ page }) => {
  await signUpFreshUser(page, "key-page-rotate");
  const { id } = await createKey(page, "ci-nightly-scan");
  await page.goto(`/settings/api-keys/${id}`);

  await page.getByRole("button", { name: "Rotate" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate API key" });
  await rotate.getByRole("radio", { name: "None: the old key stops working now" }).check();
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  await readRevealedKey(page);
  await confirmSaved(page);
  // The old key is history now: no more changes, and a way to its successor.
  await expect(page.getByTestId("key-section-allowed-addresses")).toContainText("This key can no longer change");
  await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(page.getByTestId("key-event").first()).toHaveAttribute("data-action", "api_key.rotated");
  await page.getByTestId("rotation-notes").getByRole("link", { name: /Open the new key/ }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/settings/api-keys/") && !url.pathname.endsWith(id));
  await expect(page.getByRole("heading", { level: 1, name: "ci-nightly-scan" })).toBeVisible();
  await expect(page.getByTestId("rotation-notes").getByRole("link", { name: "Open the key it replaced" })).toHaveAttribute("href", `/settings/api-keys/${id}`);

  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke API key" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Revoked API key ci-nightly-scan.")).toBeVisible();
  await expect(page.getByTestId("key-event").first()).toHaveAttribute("data-action", "api_key.revoked");
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("the list's HTML from the server already holds the keys, and the key page too", async ({ page }) => {
  await signUpFreshUser(page, "server-html");
  const { id } = await createKey(page, "ci-nightly-scan");
  // page.request carries the page's session cookie; no script runs on what it fetches.
  const list = await page.request.get("/settings/api-keys");
  expect(list.status()).toBe(200);
  const html = await list.text();
  expect(html).toContain("ci-nightly-scan");
  expect(html).not.toContain("Loading keys…");
  const keyPage = await page.request.get(`/settings/api-keys/${id}`);
  expect(keyPage.status()).toBe(200);
  expect(await keyPage.text()).toContain("ci-nightly-scan");
});

test("an unknown id, a malformed one and another account's key are the same 404", async ({ page, browser }) => {
  await signUpFreshUser(page, "not-found");
  const { id } = await createKey(page, "partner-acme-soar");
  expect((await page.request.get("/settings/api-keys/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
  expect((await page.request.get("/settings/api-keys/not-a-key")).status()).toBe(404);
  // The run's shared user, another account, asks for this account's key.
  const other = await browser.newContext({ storageState: STORAGE_STATE });
  try {
    const response = await other.request.get(`/settings/api-keys/${id}`);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain("partner-acme-soar");
  } finally {
    await other.close();
  }
});
