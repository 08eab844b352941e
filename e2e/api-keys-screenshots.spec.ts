// Pictures of the list, the create dialog and the reveal dialog on a desktop and a phone,
// kept as test artifacts (artifacts/ is git-ignored); and no sideways scrolling on a phone.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { readRevealedKey, signUpFreshUser, submitCreateForm } from "./api-keys-helpers";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");

const VIEWPORTS = [
  { label: "1280", width: 1280, height: 800 },
  { label: "375", width: 375, height: 812 },
] as const;

async function seedKeys(page: Page) {
  const create = async (body: object) => {
    const response = await page.request.post("/api/v1/keys", { data: body });
    expect(response.status()).toBe(201);
    const json: { data: { id: string } } = await response.json();
    return json.data.id;
  };
  await create({ name: "prod-splunk-2026q2", expires_in_days: 90 });
  await create({ name: "staging-sentinel", expires_in_days: 30, scopes: ["audit:read"] });
  await create({ name: "ci-nightly-scan", expires_in_days: null });
  const retired = await create({ name: "tom-laptop-dev", expires_in_days: 60 });
  expect((await page.request.delete(`/api/v1/keys/${retired}`)).ok()).toBe(true);
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`list, create dialog and reveal dialog at ${viewport.width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUpFreshUser(page, `shots-${viewport.label}`);
    await seedKeys(page);
    await page.reload();
    await expect(page.getByTestId("api-key")).toHaveCount(3);
    await expect(page.getByTestId(viewport.width >= 768 ? "keys-table" : "keys-cards")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await shot(page, `api-keys-list-${viewport.label}.png`);

    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name", { exact: true }).fill("key1");
    await expect(dialog.getByTestId("name-warning")).toBeVisible();
    await shot(page, `api-keys-create-dialog-${viewport.label}.png`);

    await dialog.getByLabel("Name", { exact: true }).fill("partner-acme-soar");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await readRevealedKey(page);
    await page.getByTestId("reveal-key-dialog").getByRole("button", { name: "Copy" }).focus();
    await shot(page, `api-keys-reveal-dialog-${viewport.label}.png`);

    for (const file of [`api-keys-list-${viewport.label}.png`, `api-keys-create-dialog-${viewport.label}.png`, `api-keys-reveal-dialog-${viewport.label}.png`]) {
      await testInfo.attach(file, { path: path.join(SHOTS, file), contentType: "image/png" });
    }
  });
}
