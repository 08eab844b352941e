// What the list does with data the API may send: usage history (daily_requests, from a later
// API change) as a sparkline, and an error envelope shown in words.
import { expect, test } from "@playwright/test";
import { keyItem, signUpFreshUser } from "./api-keys-helpers";

test("a sparkline appears only for a key with non-zero daily requests", async ({ page }) => {
  await signUpFreshUser(page, "sparkline");
  for (const name of ["prod-splunk-2026q2", "staging-sentinel", "tom-laptop-dev"]) {
    expect((await page.request.post("/api/v1/keys", { data: { name } })).status()).toBe(201);
  }
  const history: Record<string, number[] | undefined> = {
    "prod-splunk-2026q2": [0, 3, 10, 4, 0, 0, 12, 30, 8, 0, 0, 5, 9, 2],
    "staging-sentinel": new Array<number>(14).fill(0),
    "tom-laptop-dev": undefined,
  };
  await page.route("**/api/v1/keys?status=all", async (route) => {
    const response = await route.fetch();
    const body: { data: { name: string }[] } = await response.json();
    const data = body.data.map((key) => (history[key.name] ? { ...key, daily_requests: history[key.name] } : key));
    await route.fulfill({ response, json: { data } });
  });
  await page.reload();

  await expect(keyItem(page, "prod-splunk-2026q2").getByRole("img", { name: "83 requests in the last 14 days, at most 30 a day" })).toBeVisible();
  await expect(keyItem(page, "staging-sentinel").getByTestId("usage-sparkline")).toHaveCount(0);
  await expect(keyItem(page, "tom-laptop-dev").getByTestId("usage-sparkline")).toHaveCount(0);
});

test("an error envelope from the list endpoint is shown in words, with a way to retry", async ({ page }) => {
  await signUpFreshUser(page, "list-error");
  let fail = true;
  await page.route("**/api/v1/keys?status=all", async (route) => {
    if (!fail) return route.fallback();
    await route.fulfill({
      status: 503,
      json: { error: { code: "service_unavailable", message: "The key store is briefly unavailable. Try again in a minute." } },
    });
  });
  await page.reload();
  const alert = page.getByRole("alert").filter({ hasText: "Could not load your API keys" });
  await expect(alert).toContainText("The key store is briefly unavailable. Try again in a minute.");
  fail = false;
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("keys-empty")).toBeVisible();
});
