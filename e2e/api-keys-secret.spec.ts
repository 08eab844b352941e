// The full key is shown once: copyable, then gone from the page for good once the user
// confirms saving it. And the public docs' console snippet works on this page.
import { expect, test } from "./support/test";
import { FULL_KEY_PATTERN, confirmSaved, keyItem, readRevealedKey, revealDialog, signUpFreshUser, submitCreateForm } from "./api-keys-helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("the reveal dialog shows the key once; Copy copies exactly it; after closing it is nowhere", async ({ page }) => {
  await signUpFreshUser(page, "reveal");
  await submitCreateForm(page, { name: "prod-splunk-2026q2", expiry: 90 });
  const secret = await readRevealedKey(page);
  const dialog = revealDialog(page);
  await expect(dialog.getByRole("heading", { name: "Save your new API key" })).toBeVisible();
  await expect(dialog).toContainText("Store this API key securely. It will not be shown again.");
  await expect(dialog.getByTestId("revealed-key")).toHaveAttribute("readonly", "");

  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByTestId("copy-status")).toHaveText("Copied");
  await expect(page.getByText("API key copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // Escape and a click outside ask first; the dialog stays.
  await page.keyboard.press("Escape");
  await expect(dialog.getByTestId("reveal-close-confirm")).toContainText("You haven't confirmed saving this key. Close anyway?");
  await dialog.getByRole("button", { name: "Keep open" }).click();
  await expect(dialog.getByTestId("reveal-close-confirm")).toHaveCount(0);
  await page.mouse.click(5, 5);
  await expect(dialog.getByTestId("reveal-close-confirm")).toBeVisible();
  await expect(dialog.getByTestId("revealed-key")).toHaveValue(secret);

  await confirmSaved(page);
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText(`sk_live_••••••••${secret.slice(-4)}`);
  expect(await page.content()).not.toContain(secret);

  await page.reload();
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  expect(page.url()).not.toContain(secret);
  const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  expect(stored).not.toContain(secret);
});

test("'Close anyway' also drops the key", async ({ page }) => {
  await signUpFreshUser(page, "close-anyway");
  await submitCreateForm(page, { name: "tom-laptop-dev" });
  const secret = await readRevealedKey(page);
  await page.keyboard.press("Escape");
  await revealDialog(page).getByRole("button", { name: "Close anyway" }).click();
  await expect(revealDialog(page)).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
});

test("the API reference's console snippet works on this page, and the page shows the new key", async ({ page }) => {
  await signUpFreshUser(page, "snippet");
  await expect(page.getByTestId("keys-empty")).toBeVisible();
  // The snippet from the published API page, character for character, run as a person pastes it
  // into the DevTools console on this page (the console allows top-level await; an async
  // function is the same thing).
  const SEED_SNIPPET = `const r = await fetch('/api/v1/keys', {
method: 'POST',
credentials: 'include',
headers: { 'Content-Type': 'application/json' },
body: JSON.stringify({ name: 'prod-splunk-2026q2', expires_in_days: 90 }),
});
const { data, meta } = await r.json();
console.log(meta.warning); // "Store this API key securely..."
console.log(\`Save: \${data.full_key}\`); // sk_live_... (shown ONCE)`;
  const logged: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "log") logged.push(message.text());
  });
  await page.evaluate((snippet) => new Function(`return (async () => {\n${snippet}\n})();`)(), SEED_SNIPPET);
  await expect.poll(() => logged.length).toBeGreaterThanOrEqual(2);
  expect(logged).toContain("Store this API key securely. It will not be shown again.");
  const saved = logged.find((line) => line.startsWith("Save: "));
  expect(saved).toMatch(/^Save: sk_live_[0-9A-Za-z]{38}$/);
  const result = { fullKey: (saved ?? "").slice("Save: ".length) };
  expect(result.fullKey).toMatch(FULL_KEY_PATTERN);

  // The refresh button picks it up without a reload...
  await page.getByRole("button", { name: "Refresh the list of keys" }).click();
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText(result.fullKey.slice(-4));
  // ...and so does a reload; only the preview is ever on the page.
  await page.reload();
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();
  expect(await page.content()).not.toContain(result.fullKey);
});
