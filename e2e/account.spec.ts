// Settings → Account: the name, the password, and every browser where the user is signed in,
// each of which can be signed out from here; and a signed-out cookie that stays dead.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";
import { expect, test } from "./support/test";
import { createUser, PASSWORD } from "./support/users";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");


/** A second browser (its own cookie jar and user agent), signed in as the same user. */
async function secondBrowser(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/140.0" });
  const page = await context.newPage();
  await signInAs(page, email, password);
  return page;
}

async function expectSignedOut(page: Page) {
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
}

test("the account page: rename, see both browsers, sign the other out, then everywhere else", async ({ page, browser, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-account");
  await signInAs(page, user.email, user.password);
  const other = await secondBrowser(browser, user.email, user.password);

  await page.reload();
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Firefox on macOS" })).toContainText("127.0.0.1");

  await page.getByLabel("Name").fill("Ada Analyst");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name saved.")).toBeVisible();

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "account-1280.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out Firefox on macOS" }).click();
  await expect(page.getByText("Signed out Firefox on macOS.")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expectSignedOut(other);

  // Two more browsers, then one click for all of them.
  const third = await secondBrowser(browser, user.email, user.password);
  const fourth = await secondBrowser(browser, user.email, user.password);
  await page.reload();
  await expect(rows).toHaveCount(3);
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(page.getByText("Signed out 2 other sessions.")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expectSignedOut(third);
  await expectSignedOut(fourth);
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
});

test("changing the password needs the current one and signs the other browsers out", async ({ page, browser, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-password");
  await signInAs(page, user.email, user.password);
  const other = await secondBrowser(browser, user.email, user.password);
  const newPassword = "a different long passphrase";

  await page.getByLabel("Current password").fill("not the password at all");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not right.")).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. 1 other session was signed out.")).toBeVisible();
  await expectSignedOut(other);

  await other.goto("/sign-in");
  await other.getByLabel("Email").fill(user.email);
  await other.getByLabel("Password").fill(newPassword);
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other).toHaveURL(/\/settings\/api-keys$/);
});

test("after sign-out, a copy of the session cookie taken before opens nothing", async ({ page, browser, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-copied-cookie");
  await signInAs(page, user.email, user.password);
  const copied = await page.context().cookies();
  expect(copied.some((cookie) => cookie.name === "next-auth.session-token")).toBe(true);

  await page.goto("/sign-out");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await expectSignedOut(stolen);
  const api = await stolen.request.get("/api/v1/account");
  expect(api.status()).toBe(401);
});
