import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { createUser, PASSWORD, STORAGE_STATE, uniqueEmail, USER_FILE } from "./support/users";

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("signed out", () => {
  test("sign up lands on the API keys page as the new user", async ({ page }) => {
    const email = uniqueEmail("e2e-signup");
    await page.goto("/sign-up");
    await page.getByLabel("Name (optional)").fill("Ada Analyst");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  });

  test("sign up explains a too-short password before sending anything", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Work email").fill(uniqueEmail("e2e-short"));
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Password must be at least 12 characters.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-up/);
  });

  test("sign in with the right password opens the API keys page", async ({ page, request, baseURL }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-signin");
    await page.goto("/sign-in");
    await signInThroughForm(page, user.email, user.password);
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  });

  test("a wrong password gets the generic refusal and no session", async ({ page, request, baseURL }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-wrong");
    await page.goto("/sign-in");
    await signInThroughForm(page, user.email, "not the right password");
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
    await page.goto("/settings/api-keys");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });

  test("a signed-out visit to the API keys page goes to sign-in and comes back after it", async ({ page, request, baseURL }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-return");
    await page.goto("/settings/api-keys");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fapi-keys$/);
    await signInThroughForm(page, user.email, user.password);
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  });

  test("sign out ends the session", async ({ page, request, baseURL }) => {
    const user = await createUser(request, baseURL ?? "", "e2e-signout");
    await page.goto("/sign-in");
    await signInThroughForm(page, user.email, user.password);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();

    await page.getByRole("link", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-out$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(new RegExp(`^${baseURL}/sign-in`));
    expect((await page.context().cookies()).some((cookie) => cookie.name === "next-auth.session-token")).toBe(false);

    await page.goto("/settings/api-keys");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });
});

test.describe("signed in (session saved by the setup project)", () => {
  test.use({ storageState: STORAGE_STATE });

  test("the API keys page shows who is signed in", async ({ page }) => {
    const user = JSON.parse(readFileSync(USER_FILE, "utf8")) as { email: string };
    await page.goto("/settings/api-keys");
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  });

  test("the home page sends a signed-in user to the API keys page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
  });
});
