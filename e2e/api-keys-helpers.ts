// Shared steps for the API keys and audit log specs: a fresh account per test, and the
// create / reveal / close flow driven the way a person does it.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { createUser } from "./support/users";

export const FULL_KEY_PATTERN = /^sk_live_[0-9A-Za-z]{38,}$/;

/**
 * Signs in as a brand-new user, so the account starts with no keys and no audit events.
 * The run's shared signed-in user would collide: these specs count keys and events, and
 * spec files run in parallel.
 */
export async function signUpFreshUser(page: Page, label: string): Promise<{ email: string }> {
  const user = await createUser(page.request, test.info().project.use.baseURL ?? "", `e2e-keys-${label}`);
  await page.goto("/sign-in?callbackUrl=%2Fsettings%2Fapi-keys");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await expect(page.getByText("Loading keys…")).toHaveCount(0);
  return { email: user.email };
}

export type ExpiryChoice = 30 | 60 | 90 | 180 | 365 | "never";

export function expiryLabel(choice: ExpiryChoice): string {
  if (choice === "never") return "Never";
  return choice === 365 ? "365 days (1 year)" : `${choice} days`;
}

export function createDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Create API key" });
}

export function revealDialog(page: Page): Locator {
  return page.getByTestId("reveal-key-dialog");
}

/** Opens the create dialog, fills it and submits. Does not wait for the result. */
export async function submitCreateForm(page: Page, options: { name: string; expiry?: ExpiryChoice; untick?: string[] }) {
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill(options.name);
  if (options.expiry !== undefined) await dialog.getByRole("radio", { name: expiryLabel(options.expiry), exact: true }).check();
  for (const scope of options.untick ?? []) await dialog.getByRole("checkbox", { name: scope }).uncheck();
  await dialog.getByRole("button", { name: "Create key" }).click();
}

/** Reads the key out of the reveal dialog and checks its shape. */
export async function readRevealedKey(page: Page): Promise<string> {
  const dialog = revealDialog(page);
  await expect(dialog).toBeVisible();
  const secret = await dialog.getByTestId("revealed-key").inputValue();
  expect(secret).toMatch(FULL_KEY_PATTERN);
  return secret;
}

export async function confirmSaved(page: Page) {
  await revealDialog(page).getByRole("button", { name: "I have saved this key" }).click();
  await expect(revealDialog(page)).toHaveCount(0);
}

/** Creates a key through the dialog, closes the reveal dialog and returns the secret it showed. */
export async function createKeyViaUi(page: Page, options: { name: string; expiry?: ExpiryChoice; untick?: string[] }): Promise<string> {
  await submitCreateForm(page, options);
  const secret = await readRevealedKey(page);
  await confirmSaved(page);
  return secret;
}

/** The row (desktop) or card (phone) of the key with this name. */
export function keyItem(page: Page, name: string): Locator {
  return page.getByTestId("api-key").filter({ has: page.getByText(name, { exact: true }) });
}

export async function showStatus(page: Page, status: "Active" | "Expired" | "Revoked" | "Exposed" | "All") {
  await page.getByTestId("status-filter").locator("label", { hasText: status }).click();
}

type KeyJson = { id: string; name: string; status: string; scopes: string[]; expires_at: string | null; revoked_at: string | null };

/** The account's keys as the API reports them, through the page's own session cookie. */
export async function apiKeys(page: Page): Promise<KeyJson[]> {
  const response = await page.request.get("/api/v1/keys?status=all");
  expect(response.ok()).toBe(true);
  const body: { data: KeyJson[] } = await response.json();
  return body.data;
}
