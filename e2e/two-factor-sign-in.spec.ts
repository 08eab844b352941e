// Signing in with a second factor in a real browser: after the app is set up (the secret read off
// the page, codes computed as a phone would), the password alone leads to a second step; the
// next code signs in; a recovery code signs in once and is then refused.
import type { Page } from "@playwright/test";
import { totpCode as codeFor } from "../tests/support/totp";
import { expect, test } from "./support/test";
import { createUser } from "./support/users";


async function enterPassword(page: Page, email: string, password: string) {
  await page.goto("/sign-in?callbackUrl=%2Fsettings%2Faccount");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-out$/);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Sets the app up from Settings → Account and returns its secret and the recovery codes shown. */
async function setUpAuthenticator(page: Page): Promise<{ secret: string; codes: string[] }> {
  const section = page.getByTestId("two-factor-section");
  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  const setup = page.getByTestId("totp-setup-dialog");
  const secret = ((await setup.getByTestId("totp-secret").textContent()) ?? "").replaceAll(" ", "");
  await setup.getByLabel("Code from your app").fill(codeFor(secret));
  await setup.getByRole("button", { name: "Turn on" }).click();
  const reveal = page.getByTestId("recovery-codes-dialog");
  // allTextContents does not wait: wait for the ten codes first, or an empty list is read.
  const items = reveal.getByTestId("recovery-codes").getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((code) => code.trim());
  await reveal.getByLabel("I have saved these codes").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(section.getByTestId("totp-status")).toContainText("On since");
  return { secret, codes };
}

test("password then code; then a recovery code, which works once", async ({ page, request, baseURL }) => {
  // Four sign-ins and a set-up.
  test.setTimeout(90_000);
  const user = await createUser(request, baseURL ?? "", "e2e-2fa-sign-in");
  await enterPassword(page, user.email, user.password);
  await page.waitForURL("**/settings/account");
  const { secret, codes } = await setUpAuthenticator(page);
  await signOut(page);

  // The password alone: no session, a second step that names the account.
  await enterPassword(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(page.getByText(`Signing in as ${user.email}`)).toBeVisible();
  expect((await page.context().cookies()).some((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBe(false);

  // The code that set the app up is spent; the next one signs in.
  await page.getByLabel("Authentication code").fill(codeFor(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL("**/settings/account");
  await expect(page.getByTestId("session-row").first()).toContainText("with a password and an authenticator code");
  await signOut(page);

  // The phone is lost: a recovery code.
  await enterPassword(page, user.email, user.password);
  await page.getByLabel("Authentication code").fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL("**/settings/account");
  await expect(page.getByTestId("recovery-codes-remaining")).toContainText("9 of 10 unused");
  await signOut(page);

  // The same recovery code again: refused, and the page stays on the second step.
  await enterPassword(page, user.email, user.password);
  await page.getByLabel("Authentication code").fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right, was already used" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  // "Sign in as someone else" goes back to the first step.
  await page.getByRole("button", { name: "Sign in as someone else" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
});
