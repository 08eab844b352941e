// Usage on the list: a sparkline from real requests with the key, and an error envelope from
// the list endpoint (on a refresh of the server-rendered list) shown in words.
import { expect, test } from "./support/test";
import { keyItem, signUpFreshUser } from "./api-keys-helpers";

test("a sparkline appears once a key has been used, and not for unused keys", async ({ page }) => {
  await signUpFreshUser(page, "sparkline");
  const created = await page.request.post("/api/v1/keys", { data: { name: "prod-splunk-2026q2" } });
  expect(created.status()).toBe(201);
  const { data } = (await created.json()) as { data: { id: string; key: string } };
  expect((await page.request.post("/api/v1/keys", { data: { name: "staging-sentinel" } })).status()).toBe(201);
  // Real use: five calls as an integration makes them.
  for (let i = 0; i < 5; i++) {
    const response = await page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${data.key}` } });
    expect(response.status()).toBe(200);
  }
  // Usage is flushed every 5 s; wait until the API reports it, then look at the page.
  await expect
    .poll(
      async () => {
        const list = (await (await page.request.get("/api/v1/keys")).json()) as { data: { id: string; total_requests: number }[] };
        return list.data.find((key) => key.id === data.id)?.total_requests;
      },
      { timeout: 20_000 },
    )
    .toBe(5);
  await page.reload();

  await expect(keyItem(page, "prod-splunk-2026q2").getByRole("img", { name: "5 requests in the last 14 days, at most 5 a day" })).toBeVisible();
  await expect(keyItem(page, "staging-sentinel").getByTestId("usage-sparkline")).toHaveCount(0);
});

test("a failed refresh says why in words and keeps the list the server rendered", async ({ page }) => {
  await signUpFreshUser(page, "list-error");
  expect((await page.request.post("/api/v1/keys", { data: { name: "prod-splunk-2026q2" } })).status()).toBe(201);
  let fail = true;
  await page.route("**/api/v1/keys?status=all", async (route) => {
    if (!fail) return route.fallback();
    await route.fulfill({
      status: 503,
      json: { error: { code: "service_unavailable", message: "The key store is briefly unavailable. Try again in a minute." } },
    });
  });
  // The reload's list comes with the page; the page's own refetch then fails.
  await page.reload();
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();
  await expect(page.getByText("Could not load API keys: The key store is briefly unavailable. Try again in a minute.")).toBeVisible();
  await expect(keyItem(page, "prod-splunk-2026q2")).toBeVisible();
  fail = false;
  expect((await page.request.post("/api/v1/keys", { data: { name: "staging-sentinel" } })).status()).toBe(201);
  await page.getByRole("button", { name: "Refresh the list of keys" }).click();
  await expect(keyItem(page, "staging-sentinel")).toBeVisible();
});
