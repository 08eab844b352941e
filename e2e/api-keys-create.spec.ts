// Creating keys from Settings → API keys: every expiry choice, scope choices, the name advice
// and a server error shown in the form.
import { expect, test } from "./support/test";
import {
  FULL_KEY_PATTERN,
  apiKeys,
  confirmSaved,
  createDialog,
  createKeyViaUi,
  expiryLabel,
  keyItem,
  readRevealedKey,
  signUpFreshUser,
  submitCreateForm,
  type ExpiryChoice,
} from "./api-keys-helpers";

const DAY_MS = 24 * 60 * 60 * 1000;

test("the empty state explains what keys are for and how to name them", async ({ page }) => {
  await signUpFreshUser(page, "empty");
  const empty = page.getByTestId("keys-empty");
  await expect(empty).toContainText("Splunk forwarder");
  await expect(empty).toContainText("Sentinel");
  await expect(empty).toContainText("CI job");
  await expect(empty).toContainText("laptop");
  await expect(empty).toContainText("prod-splunk-2026q2");
});

test("90 days is preselected and each expiry choice creates a key that expires then (or never)", async ({ page }) => {
  await signUpFreshUser(page, "expiry");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(createDialog(page).getByRole("radio", { name: "90 days", exact: true })).toBeChecked();
  await expect(createDialog(page)).toContainText("partner or CI system should expire");
  await createDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(createDialog(page)).toHaveCount(0);

  const choices: ExpiryChoice[] = [30, 60, 90, 180, 365, "never"];
  for (const choice of choices) {
    const name = `prod-splunk-expiry-${choice}`;
    const request = page.waitForRequest((req) => req.url().endsWith("/api/v1/keys") && req.method() === "POST");
    await createKeyViaUi(page, { name, expiry: choice });
    const body: unknown = (await request).postDataJSON();
    expect(body).toMatchObject({ name, expires_in_days: choice === "never" ? null : choice });
    await expect(keyItem(page, name)).toBeVisible();
  }

  const keys = await apiKeys(page);
  for (const choice of choices) {
    const key = keys.find((k) => k.name === `prod-splunk-expiry-${choice}`);
    expect(key, `key for ${expiryLabel(choice)}`).toBeDefined();
    if (choice === "never") {
      expect(key?.expires_at).toBeNull();
      await expect(keyItem(page, `prod-splunk-expiry-${choice}`)).toContainText("never");
    } else {
      const days = (new Date(key?.expires_at ?? 0).getTime() - Date.now()) / DAY_MS;
      expect(days).toBeGreaterThan(choice - 1);
      expect(days).toBeLessThanOrEqual(choice);
    }
  }
});

test("scopes default to the tier's full set (sent as no field); a narrower choice is sent and shown", async ({ page }) => {
  await signUpFreshUser(page, "scopes");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = createDialog(page);
  await expect(dialog.getByRole("checkbox", { name: /audit:read/ })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /keys:read/ })).toBeChecked();
  // A free account sees the pro-only scope, disabled, with the reason.
  const proOnly = dialog.getByRole("checkbox", { name: /usage:read/ });
  await expect(proOnly).toBeDisabled();
  await expect(proOnly).not.toBeChecked();
  await expect(dialog).toContainText("Requires the pro tier; your account is on free.");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const fullRequest = page.waitForRequest((req) => req.url().endsWith("/api/v1/keys") && req.method() === "POST");
  await createKeyViaUi(page, { name: "prod-splunk-all-scopes" });
  expect((await fullRequest).postDataJSON()).not.toHaveProperty("scopes");
  const full = keyItem(page, "prod-splunk-all-scopes");
  await expect(full.getByRole("list", { name: "Scopes" }).getByRole("listitem")).toHaveText(["audit:read", "keys:read"]);

  const narrowRequest = page.waitForRequest((req) => req.url().endsWith("/api/v1/keys") && req.method() === "POST");
  await createKeyViaUi(page, { name: "staging-sentinel-audit-only", untick: ["keys:read"] });
  expect((await narrowRequest).postDataJSON()).toMatchObject({ scopes: ["audit:read"] });
  const narrow = keyItem(page, "staging-sentinel-audit-only");
  await expect(narrow.getByRole("list", { name: "Scopes" }).getByRole("listitem")).toHaveText(["audit:read"]);

  // Unticking everything is caught before any request.
  let posted = false;
  page.on("request", (req) => {
    if (req.url().endsWith("/api/v1/keys") && req.method() === "POST") posted = true;
  });
  await submitCreateForm(page, { name: "ci-nightly-none", untick: ["audit:read", "keys:read"] });
  await expect(createDialog(page).getByRole("alert")).toHaveText("Choose at least one scope.");
  expect(posted).toBe(false);
});

test("a generic name is warned about before submitting, a descriptive one is not", async ({ page }) => {
  await signUpFreshUser(page, "names");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = createDialog(page);
  const name = dialog.getByLabel("Name", { exact: true });
  await expect(name).toHaveAttribute("placeholder", "prod-splunk-2026q2");
  await expect(dialog).toContainText("staging-sentinel, tom-laptop-dev");

  await name.fill("key1");
  await expect(dialog.getByTestId("name-warning")).toContainText('"key1" says nothing about where this key is used');
  await name.fill("prod-splunk-2026q2");
  await expect(dialog.getByTestId("name-warning")).toHaveCount(0);

  // The warning advises, it does not block.
  await name.fill("key1");
  await dialog.getByRole("button", { name: "Create key" }).click();
  expect(await readRevealedKey(page)).toMatch(FULL_KEY_PATTERN);
  await confirmSaved(page);
  await expect(keyItem(page, "key1")).toBeVisible();
});

test("a duplicate name shows the server's error in the form and adds no key", async ({ page }) => {
  await signUpFreshUser(page, "duplicate");
  await createKeyViaUi(page, { name: "prod-splunk-2026q2" });
  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(1);

  await submitCreateForm(page, { name: "prod-splunk-2026q2" });
  const dialog = createDialog(page);
  await expect(dialog.getByRole("alert")).toContainText('An active key named "prod-splunk-2026q2" already exists');
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("reveal-key-dialog")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(1);
  expect((await apiKeys(page)).filter((key) => key.name === "prod-splunk-2026q2")).toHaveLength(1);
});

test("an empty name is refused before any request", async ({ page }) => {
  await signUpFreshUser(page, "empty-name");
  await submitCreateForm(page, { name: "   " });
  await expect(createDialog(page).getByRole("alert")).toHaveText("The name must not be empty.");
});

test("the tier's key limit comes back as an error in the form", async ({ page }) => {
  await signUpFreshUser(page, "limit");
  // A free account may hold 10 active keys.
  for (let i = 0; i < 10; i += 1) {
    expect((await page.request.post("/api/v1/keys", { data: { name: `ci-runner-${i}` } })).status()).toBe(201);
  }
  await page.reload();
  await expect(page.getByTestId("api-key")).toHaveCount(10);
  await submitCreateForm(page, { name: "prod-splunk-2026q2" });
  await expect(createDialog(page).getByTestId("create-key-error")).toContainText("The free tier allows 10 active keys");
  await expect(page.getByTestId("reveal-key-dialog")).toHaveCount(0);
  await createDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("api-key")).toHaveCount(10);
});

test("allowed addresses: a bad entry is named next to the field and nothing is sent; good ones make a restricted key", async ({ page }) => {
  await signUpFreshUser(page, "allowed-ips");
  let posted = 0;
  page.on("request", (req) => {
    if (req.url().endsWith("/api/v1/keys") && req.method() === "POST") posted += 1;
  });
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = createDialog(page);
  await dialog.getByLabel("Name", { exact: true }).fill("partner-acme-soar");
  const field = dialog.getByLabel("Allowed addresses");
  await field.fill("203.0.113.7\n010.0.0.1");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByTestId("allowed-ips-error")).toContainText('"010.0.0.1" is not an IPv4 or IPv6 address');
  await expect(field).toHaveAttribute("aria-invalid", "true");
  expect(posted).toBe(0);

  const request = page.waitForRequest((req) => req.url().endsWith("/api/v1/keys") && req.method() === "POST");
  await field.fill("203.0.113.7, 2001:db8::/48");
  await dialog.getByRole("button", { name: "Create key" }).click();
  expect((await request).postDataJSON()).toMatchObject({ name: "partner-acme-soar", allowed_ips: ["203.0.113.7", "2001:db8::/48"] });
  await readRevealedKey(page);
  await confirmSaved(page);
  await expect(keyItem(page, "partner-acme-soar").getByTestId("ip-restricted")).toContainText("IP-restricted · 2");
});
