// Signs one user in once per run and saves the browser state for every spec that needs a session.
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test as setup } from "./support/test";
import { AUTH_DIR, createUser, STORAGE_STATE, USER_FILE } from "./support/users";

setup("sign in once and save the session", async ({ page, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-shared");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();

  mkdirSync(AUTH_DIR, { recursive: true });
  await page.context().storageState({ path: STORAGE_STATE });
  writeFileSync(USER_FILE, JSON.stringify(user));
});
