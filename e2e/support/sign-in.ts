// Signing in through the page as a person does: email, password, the Sign in button.
import type { Page } from "@playwright/test";

/** Signs in and waits for the page it returns to (Settings → Account unless told otherwise). */
export async function signInAs(page: Page, email: string, password: string, returnTo = "/settings/account") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`**${returnTo}`);
}
