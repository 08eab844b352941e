// Keys found in public, on the page: a key reported through the public leak report gets a banner
// above the list and an Exposed chip and filter; the banner's one step hands the integration a
// new key (same name, scopes and expiry policy) in the reveal dialog, and then the banner goes.
// Under the notify policy the reported key keeps working and the banner says so. The key's own
// page shows the leak too, with the same one step.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { confirmSaved, keyItem, readRevealedKey, showStatus, signUpFreshUser } from "./api-keys-helpers";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");

type KeyJson = { id: string; name: string; status: string; scopes: string[]; expires_at: string | null; exposed_at: string | null; replaced_by: string | null };

async function createKey(page: Page, body: object): Promise<{ id: string; key: string }> {
  const response = await page.request.post("/api/v1/keys", { data: body });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { data: { id: string; key: string } }).data;
}

async function keyJson(page: Page, id: string): Promise<KeyJson> {
  const response = await page.request.get(`/api/v1/keys/${id}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { data: KeyJson }).data;
}

/** Reports the key as anyone may; it is handled just after the answer, so wait for it to be marked. */
async function reportLeak(page: Page, key: { id: string; key: string }) {
  const response = await page.request.post("/api/v1/keys/report-leak", { data: { keys: [key.key] } });
  expect(response.status()).toBe(202);
  await expect.poll(async () => (await keyJson(page, key.id)).exposed_at).not.toBeNull();
}

function meStatus(page: Page, secret: string): Promise<number> {
  return page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } }).then((response) => response.status());
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  await test.info().attach(name, { path: path.join(SHOTS, name), contentType: "image/png" });
}

test("a reported key: banner, chip and filter, then one step to a working replacement", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUpFreshUser(page, "leak-revoke");
  const leaked = await createKey(page, { name: "prod-splunk-2026q2", scopes: ["audit:read"], expires_in_days: 90 });
  await createKey(page, { name: "staging-sentinel", expires_in_days: 30 });
  await reportLeak(page, leaked);
  expect(await meStatus(page, leaked.key)).toBe(401);

  await page.reload();
  const banner = page.getByTestId("exposure-banner");
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText(/^prod-splunk-2026q2 was reported as found in public on .+ and was revoked\. Rotate it to give the integration a new key\./);
  // Revoked, so not among the active keys; the Exposed filter finds it, with its chip.
  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(0);
  await showStatus(page, "Exposed");
  await expect(page.getByTestId("api-key")).toHaveCount(1);
  const chip = keyItem(page, "prod-splunk-2026q2").getByTestId("exposed-chip");
  await expect(chip).toContainText("Exposed");
  await expect(chip).toContainText(/reported through a public leak report on \d{4}-\d{2}-\d{2}/);
  await shot(page, "api-keys-leak-banner-1280.png");

  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByTestId("keys-cards")).toBeVisible();
  await expect(banner).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await shot(page, "api-keys-leak-banner-375.png");
  await page.setViewportSize({ width: 1280, height: 800 });

  await banner.getByRole("button", { name: "Create replacement key" }).click();
  await expect(page.getByRole("dialog", { name: "Save the replacement API key" })).toBeVisible();
  const secret = await readRevealedKey(page);
  expect(await meStatus(page, secret)).toBe(200);
  expect(await meStatus(page, leaked.key)).toBe(401);
  await confirmSaved(page);
  await expect(banner).toHaveCount(0);

  const replaced = await keyJson(page, leaked.id);
  expect(replaced.status).toBe("revoked");
  const replacement = await keyJson(page, replaced.replaced_by ?? "missing");
  expect(replacement).toMatchObject({ name: "prod-splunk-2026q2", status: "active", scopes: ["audit:read"], exposed_at: null });
  expect(replacement.expires_at).not.toBeNull();
  await page.reload();
  await expect(page.getByTestId("api-key").first()).toBeVisible();
  await expect(banner).toHaveCount(0);

  // The audit log tells the story in the same words as the key page.
  await page.goto("/settings/audit-log");
  const events = page.getByTestId("audit-event");
  await expect(events.filter({ hasText: "Key found in public" })).toContainText("Reported through a public leak report");
  await expect(events.filter({ hasText: "Revoked: found in public" })).toContainText("A public leak report");
  await expect(events.filter({ hasText: "Rotated key" })).toContainText("replaces exposed key: true");
});

test("under the notify policy a reported key keeps working, and the banner says so and offers the rotation", async ({ page }) => {
  await signUpFreshUser(page, "leak-notify");
  // The leak policy is one of the account's policies (owners, Settings → Account).
  await page.goto("/settings/account");
  const setting = page.getByTestId("leak-policy");
  await expect(setting.getByRole("radio", { name: "Revoke at once (recommended)" })).toBeChecked();
  await setting.getByRole("radio", { name: "Keep working and flag it" }).check();
  await page.getByRole("button", { name: "Save account policies" }).click();
  await expect(page.getByText("Saved: a key found in public keeps working, flagged as exposed.")).toBeVisible();
  const policy = await page.request.get("/api/v1/keys/leak-policy");
  expect(await policy.json()).toEqual({ data: { policy: "notify" } });
  await page.reload();
  await expect(setting.getByRole("radio", { name: "Keep working and flag it" })).toBeChecked();

  const flagged = await createKey(page, { name: "partner-acme-soar", expires_in_days: null });
  await reportLeak(page, flagged);
  expect(await meStatus(page, flagged.key)).toBe(200);

  await page.goto("/settings/api-keys");
  const banner = page.getByTestId("exposure-banner");
  await expect(banner).toContainText(/^partner-acme-soar was reported as found in public on .+ and still works \(your leak policy is notify\)\. Rotate it now\./);
  await expect(keyItem(page, "partner-acme-soar").getByTestId("exposed-chip")).toBeVisible();

  await banner.getByRole("button", { name: "Rotate now" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate API key" });
  // Anyone may be using a leaked key: the rotation offers no grace period unless asked.
  await expect(dialog.getByRole("radio", { name: /^None/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Rotate key" }).click();
  const secret = await readRevealedKey(page);
  expect(await meStatus(page, secret)).toBe(200);
  expect(await meStatus(page, flagged.key)).toBe(401);
  await confirmSaved(page);
  await expect(banner).toHaveCount(0);

  await page.goto("/settings/audit-log");
  await expect(page.getByTestId("audit-event").filter({ hasText: "Changed leak policy" })).toContainText("From “revoke at once” to “keep working and flag it”");
  await expect(page.getByTestId("audit-event").filter({ hasText: "Key found in public" })).toContainText("It kept working (leak policy: notify)");
});

test("the key's own page shows the leak with its chip and offers the same one step to a replacement", async ({ page }) => {
  await signUpFreshUser(page, "leak-key-page");
  const leaked = await createKey(page, { name: "ci-nightly-scan", expires_in_days: 30 });
  await reportLeak(page, leaked);

  await page.goto(`/settings/api-keys/${leaked.id}`);
  await expect(page.getByTestId("exposed-chip")).toContainText("reported through a public leak report");
  await expect(page.getByTestId("exposure-details")).toContainText("reported through a public leak report");
  const exposure = page.locator('[data-testid="key-event"][data-action="api_key.exposed"]');
  await expect(exposure).toContainText("Found in public");
  await expect(exposure).toContainText("By a public leak report");
  await expect(page.locator('[data-testid="key-event"][data-action="api_key.revoked"]')).toContainText("Revoked: found in public");
  const banner = page.getByTestId("exposure-banner");
  await expect(banner).toContainText("ci-nightly-scan was reported as found in public");
  await banner.getByRole("button", { name: "Create replacement key" }).click();
  const secret = await readRevealedKey(page);
  expect(await meStatus(page, secret)).toBe(200);
  await confirmSaved(page);
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("rotation-notes")).toContainText("Replaced by a rotation.");
  await page.reload();
  await expect(page.getByTestId("exposed-chip")).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(page.locator('[data-testid="key-event"][data-action="api_key.rotated"]')).toContainText("A replacement for a key found in public; the old key stays revoked");
});
