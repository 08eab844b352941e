// Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol, WebAuthn
// domain) stands in for Touch ID or a security key, with user verification. Needs the app opened
// as localhost (Chromium refuses WebAuthn on an IP address): playwright.config.ts does that.
import type { BrowserContext, Page } from "@playwright/test";
import path from "node:path";
import { ageReauthentication } from "../tests/support/db-inspect";
import { signInAs } from "./support/sign-in";
import { expect, test } from "./support/test";
import { createUser } from "./support/users";

const databaseUrl = `file:${path.join(process.env.E2E_DATA_DIR ?? "", "app.db")}`;
const THREE_HOURS = 3 * 60 * 60 * 1000;


/** A platform authenticator that holds discoverable credentials and verifies the user. */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    async credentials() {
      return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    },
  };
}

test.describe("passkeys", () => {
  // Fresh users, no shared session: registering changes the user's second factors.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("add a passkey on Settings → Account, save the recovery codes once, then remove it after confirming with the passkey", async ({ page, context, request, baseURL }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-passkey");
    const authenticator = await virtualAuthenticator(context, page);
    await signInAs(page, user.email, user.password);

    const section = page.getByRole("region", { name: "Passkeys" });
    await expect(section.getByRole("heading", { name: "Passkeys" })).toBeVisible();
    await expect(section.getByText("No passkeys yet.")).toBeVisible();

    await section.getByRole("button", { name: "Add a passkey" }).click();
    const name = page.getByLabel("Passkey name");
    await expect(name).toHaveValue(/^Passkey on /);
    await name.fill("E2E laptop");
    await page.getByRole("button", { name: "Save passkey" }).click();

    // The first second factor: ten recovery codes, once; Done only after ticking the box.
    const codes = page.getByTestId("recovery-codes-dialog");
    await expect(codes.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
    const done = codes.getByRole("button", { name: "Done" });
    await expect(done).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(codes).toBeVisible();
    await codes.getByLabel("I have saved these codes").check();
    await done.click();
    await expect(codes).toBeHidden();

    const rows = section.getByTestId("passkey-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("E2E laptop");
    await expect(rows.first()).toContainText("last used never");
    const stored = await authenticator.credentials();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.isResidentCredential).toBe(true);

    // A second passkey from the same authenticator is refused by the browser (excludeCredentials).
    await section.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByRole("button", { name: "Save passkey" }).click();
    await expect(page.getByTestId("add-passkey-error")).toContainText("already holds a passkey");
    await page.getByRole("button", { name: "Cancel" }).click();

    // Two hours later (the session's last proof of identity moved back): removing asks first.
    await ageReauthentication(databaseUrl, user.email, THREE_HOURS);
    await page.reload();
    await expect(rows).toHaveCount(1);
    await rows.first().getByRole("button", { name: "Remove E2E laptop" }).click();
    await page.getByTestId("remove-passkey-dialog").getByRole("button", { name: "Remove passkey" }).click();
    const confirm = page.getByTestId("reauth-dialog");
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Use a passkey" }).click();
    await confirm.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(confirm).toBeHidden();
    await expect(section.getByText("No passkeys yet.")).toBeVisible();
  });

  test("sign in with a passkey alone", async ({ page, context, request, baseURL, browser }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-passkey-sign-in");
    const authenticator = await virtualAuthenticator(context, page);
    await signInAs(page, user.email, user.password);
    await page.getByRole("region", { name: "Passkeys" }).getByRole("button", { name: "Add a passkey" }).click();
    await page.getByLabel("Passkey name").fill("E2E sign-in");
    await page.getByRole("button", { name: "Save passkey" }).click();
    await page.getByTestId("recovery-codes-dialog").getByLabel("I have saved these codes").check();
    await page.getByTestId("recovery-codes-dialog").getByRole("button", { name: "Done" }).click();
    expect(await authenticator.credentials()).toHaveLength(1);

    // Signed out (a fresh cookie jar): the password alone now asks for the second step, which the
    // passkey answers.
    await context.clearCookies();
    await page.goto("/sign-in?callbackUrl=%2Fsettings%2Faccount");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
    await page.getByRole("button", { name: "Use a passkey instead" }).click();
    await page.waitForURL("**/settings/account");
    await expect(page.getByTestId("session-row").first()).toContainText("with a password and a passkey");

    // Signed out again, the same authenticator signs in with no email or password.
    await context.clearCookies();
    await page.goto("/sign-in?callbackUrl=%2Fsettings%2Faccount");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL("**/settings/account");
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
    await expect(page.getByTestId("passkey-row").first()).not.toContainText("last used never");

    // A browser without that passkey gets words, not a session.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    const cdp = await stranger.newCDPSession(other);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await other.goto("/sign-in");
    await other.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(other.getByTestId("passkey-sign-in-error")).toBeVisible();
    await stranger.close();
  });
});
