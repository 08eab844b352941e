// Sudo mode in the browser: a session whose last proof of identity is older than the window
// (moved back in the database, as two hours would) is asked to confirm it is the user before a
// key is created, and what the user asked for then happens without asking again. Revoking never
// asks. Cancelling creates nothing.
import path from "node:path";
import { ageReauthentication } from "../tests/support/db-inspect";
import { apiKeys, createDialog, keyItem, readRevealedKey, confirmSaved, signUpFreshUser, submitCreateForm } from "./api-keys-helpers";
import { expect, test } from "./support/test";
import { PASSWORD } from "./support/users";

const databaseUrl = `file:${path.join(process.env.E2E_DATA_DIR ?? "", "app.db")}`;
const THREE_HOURS = 3 * 60 * 60 * 1000;

test("an old session confirms with its password, and the key it asked for is then created", async ({ page }) => {
  const { email } = await signUpFreshUser(page, "reauth");
  await ageReauthentication(databaseUrl, email, THREE_HOURS);

  await submitCreateForm(page, { name: "prod-splunk-after-reauth" });
  const confirm = page.getByTestId("reauth-dialog");
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();

  await confirm.getByLabel("Password").fill("not my password");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm.getByRole("alert")).toContainText("The password is not right.");
  expect(await apiKeys(page)).toHaveLength(0);

  await confirm.getByLabel("Password").fill(PASSWORD);
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm).toHaveCount(0);
  // The create request was sent again by itself: the key is revealed once, as always.
  await readRevealedKey(page);
  await confirmSaved(page);
  expect((await apiKeys(page)).map((key) => key.name)).toEqual(["prod-splunk-after-reauth"]);

  // Within the window again, the next key is created without a question.
  await submitCreateForm(page, { name: "prod-sentinel-no-question" });
  await readRevealedKey(page);
  await confirmSaved(page);

  await page.goto("/settings/audit-log");
  await page.getByLabel("Show").selectOption("auth");
  await expect(page.getByTestId("audit-event").filter({ hasText: "Confirmed identity" })).toHaveCount(1);
  await expect(page.getByTestId("audit-event").filter({ hasText: "Created key" })).toHaveCount(0);
});

test("cancelling creates nothing; revoking an old session's key never asks", async ({ page }) => {
  const { email } = await signUpFreshUser(page, "reauth-cancel");
  await submitCreateForm(page, { name: "ci-nightly-to-revoke" });
  await readRevealedKey(page);
  await confirmSaved(page);
  await ageReauthentication(databaseUrl, email, THREE_HOURS);

  await submitCreateForm(page, { name: "never-created" });
  const confirm = page.getByTestId("reauth-dialog");
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(createDialog(page).getByRole("alert")).toContainText("Confirm it is you");
  expect((await apiKeys(page)).map((key) => key.name)).toEqual(["ci-nightly-to-revoke"]);
  await page.keyboard.press("Escape");

  await keyItem(page, "ci-nightly-to-revoke").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke API key" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("reauth-dialog")).toHaveCount(0);
  await expect.poll(async () => (await apiKeys(page))[0]?.status).toBe("revoked");
});
