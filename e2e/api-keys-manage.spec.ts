// Revoking and rotating from the list, and the list following each change.
import { expect, test } from "./support/test";
import { apiKeys, confirmSaved, createKeyViaUi, keyItem, readRevealedKey, showStatus, signUpFreshUser } from "./api-keys-helpers";

test("revoke asks first, names the key, and moves it to Revoked", async ({ page }) => {
  await signUpFreshUser(page, "revoke");
  await createKeyViaUi(page, { name: "staging-sentinel" });
  await createKeyViaUi(page, { name: "prod-splunk-2026q2" });

  await keyItem(page, "staging-sentinel").getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke API key" });
  await expect(dialog).toContainText("staging-sentinel");
  await expect(dialog).toContainText("Integrations using it stop working at once.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(keyItem(page, "staging-sentinel")).toBeVisible();

  await keyItem(page, "staging-sentinel").getByRole("button", { name: "Revoke" }).click();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText("Revoked API key staging-sentinel.")).toBeVisible();
  await expect(keyItem(page, "staging-sentinel")).toHaveCount(0);
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();

  await showStatus(page, "Revoked");
  await expect(keyItem(page, "staging-sentinel")).toContainText("revoked");
  await expect(keyItem(page, "staging-sentinel").getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(0);

  await showStatus(page, "All");
  await expect(page.getByTestId("api-key")).toHaveCount(2);
  const revoked = (await apiKeys(page)).find((key) => key.name === "staging-sentinel");
  expect(revoked?.status).toBe("revoked");
});

test("rotate with no grace period: a new key is revealed once and the old one is revoked", async ({ page }) => {
  await signUpFreshUser(page, "rotate-now");
  const oldSecret = await createKeyViaUi(page, { name: "prod-splunk-2026q2", expiry: 30 });

  await keyItem(page, "prod-splunk-2026q2").getByRole("button", { name: "Rotate" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate API key" });
  await expect(dialog.getByRole("radio", { name: "24 hours" })).toBeChecked();
  for (const choice of ["None: the old key stops working now", "1 hour", "24 hours", "7 days"]) {
    await expect(dialog.getByRole("radio", { name: choice })).toBeVisible();
  }
  await dialog.getByRole("radio", { name: /^None/ }).check();
  await dialog.getByRole("button", { name: "Rotate key" }).click();

  await expect(page.getByRole("dialog", { name: "Save your rotated API key" })).toBeVisible();
  const newSecret = await readRevealedKey(page);
  expect(newSecret).not.toBe(oldSecret);
  await confirmSaved(page);
  expect(await page.content()).not.toContain(newSecret);

  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(1);
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText(newSecret.slice(-4));
  await showStatus(page, "Revoked");
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText(oldSecret.slice(-4));

  const keys = await apiKeys(page);
  expect(keys.map((key) => key.status).sort()).toEqual(["active", "revoked"]);
});

test("rotate with a 24 hour grace period keeps the old key working alongside the new one", async ({ page }) => {
  await signUpFreshUser(page, "rotate-grace");
  const oldSecret = await createKeyViaUi(page, { name: "ci-nightly-scan" });
  await keyItem(page, "ci-nightly-scan").getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog", { name: "Rotate API key" }).getByRole("button", { name: "Rotate key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your rotated API key" });
  await expect(reveal).toContainText("The old key keeps working for 24 hours");
  const newSecret = await readRevealedKey(page);
  await confirmSaved(page);

  await expect(keyItem(page, "ci-nightly-scan")).toHaveCount(2);
  await expect(page.getByTestId("api-key").first()).toContainText(newSecret.slice(-4));
  await expect(page.getByTestId("api-key").nth(1)).toContainText(oldSecret.slice(-4));
  // The old row says it has been replaced and when it stops, and offers no second rotation.
  const oldRow = page.getByTestId("api-key").nth(1);
  await expect(oldRow).toContainText(/replaced, stops (tomorrow|in 2[34] hours)/);
  await expect(oldRow.getByRole("button", { name: "Rotate" })).toHaveCount(0);
  await expect(oldRow.getByRole("button", { name: "Revoke" })).toBeVisible();
});
