// The whole create → reveal → copy → close → revoke flow with the keyboard alone.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { FULL_KEY_PATTERN, keyItem, revealDialog, showStatus, signUpFreshUser } from "./api-keys-helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** Presses Tab until the locator has focus; fails after a bounded number of presses. */
async function tabTo(page: Page, target: Locator, maxPresses = 40) {
  for (let i = 0; i < maxPresses; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("create, copy, close and revoke a key without the mouse", async ({ page }) => {
  await signUpFreshUser(page, "keyboard");

  const createButton = page.getByRole("button", { name: "Create API key" });
  await tabTo(page, createButton);
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Create API key" });
  const name = dialog.getByLabel("Name", { exact: true });
  await expect(name).toBeFocused();
  await page.keyboard.type("prod-splunk-2026q2");
  // Into the expiry radios (90 days is chosen), one step right to 180 days.
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("radio", { name: "90 days" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("radio", { name: "180 days" })).toBeChecked();
  await page.keyboard.press("Shift+Tab");
  await expect(name).toBeFocused();
  await page.keyboard.press("Enter");

  const reveal = revealDialog(page);
  const copy = reveal.getByRole("button", { name: "Copy" });
  await expect(copy).toBeFocused();
  const secret = await reveal.getByTestId("revealed-key").inputValue();
  expect(secret).toMatch(FULL_KEY_PATTERN);
  await page.keyboard.press("Enter");
  await expect(reveal.getByTestId("copy-status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // Escape asks first and puts focus on the answer that keeps the key on screen.
  await page.keyboard.press("Escape");
  await expect(reveal.getByRole("button", { name: "Keep open" })).toBeFocused();
  await page.keyboard.press("Enter");
  await tabTo(page, reveal.getByRole("button", { name: "I have saved this key" }), 5);
  await page.keyboard.press("Enter");
  await expect(reveal).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  // Focus is back where the flow started.
  await expect(createButton).toBeFocused();

  const revoke = keyItem(page, "prod-splunk-2026q2").getByRole("button", { name: "Revoke" });
  await tabTo(page, revoke);
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Revoke API key" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "Revoke key" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toHaveCount(0);
  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(0);
  // The row is gone, so focus lands on the page heading rather than nowhere.
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeFocused();

  await showStatus(page, "Revoked");
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText("revoked");
});
