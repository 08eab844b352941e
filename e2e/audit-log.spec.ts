// The audit log page: who did what to which key, when and from where, newest first, paged.
import { expect, test } from "./support/test";
import { confirmSaved, createKeyViaUi, keyItem, readRevealedKey, signUpFreshUser } from "./api-keys-helpers";

test("create, rotate and revoke appear newest first with actor, key, IP and user agent", async ({ page }) => {
  const { email } = await signUpFreshUser(page, "audit");
  await createKeyViaUi(page, { name: "prod-splunk-2026q2" });
  await keyItem(page, "prod-splunk-2026q2").getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog", { name: "Rotate API key" }).getByRole("radio", { name: /^None/ }).check();
  await page.getByRole("dialog", { name: "Rotate API key" }).getByRole("button", { name: "Rotate key" }).click();
  const rotated = await readRevealedKey(page);
  await confirmSaved(page);
  await expect(keyItem(page, "prod-splunk-2026q2")).toContainText(rotated.slice(-4));
  await keyItem(page, "prod-splunk-2026q2").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke API key" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(keyItem(page, "prod-splunk-2026q2")).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit-log$/);
  const events = page.getByTestId("audit-event");
  // The sign-in that started it all is the oldest event.
  await expect(events).toHaveCount(4);
  await expect(events.nth(3)).toContainText("Signed in");
  await expect(events.nth(3)).toContainText("method: password");
  // The key events alone, as the filter shows them.
  await page.getByLabel("Show").selectOption("api_key");
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText("Revoked key");
  await expect(events.nth(1)).toContainText("Rotated key");
  await expect(events.nth(2)).toContainText("Created key");
  const userAgent = await page.evaluate(() => navigator.userAgent);
  for (let i = 0; i < 3; i += 1) {
    const event = events.nth(i);
    await expect(event).toContainText(email);
    await expect(event).toContainText("prod-splunk-2026q2");
    await expect(event.getByText(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/)).toBeVisible();
    await expect(event.getByText(userAgent)).toBeAttached();
    await expect(event.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  }
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
});

test("Load more pages through the events by cursor without repeats", async ({ page }) => {
  await signUpFreshUser(page, "audit-paging");
  // 15 creates and 15 revokes: 30 events, more than one page of 25.
  for (let i = 0; i < 15; i += 1) {
    const created = await page.request.post("/api/v1/keys", { data: { name: `ci-runner-${String(i).padStart(2, "0")}` } });
    expect(created.status()).toBe(201);
    const { data }: { data: { id: string } } = await created.json();
    expect((await page.request.delete(`/api/v1/keys/${data.id}`)).ok()).toBe(true);
  }

  await page.goto("/settings/audit-log");
  const events = page.getByTestId("audit-event");
  await expect(events).toHaveCount(25);
  await expect(events.first()).toContainText("Revoked key");
  await expect(events.first()).toContainText("ci-runner-14");

  const pageRequest = page.waitForRequest((req) => req.url().includes("/api/v1/audit-events") && req.url().includes("cursor="));
  await page.getByRole("button", { name: "Load more" }).click();
  await pageRequest;
  // 30 key events and, oldest, the sign-in.
  await expect(events).toHaveCount(31);
  await expect(events.nth(29)).toContainText("Created key");
  await expect(events.nth(29)).toContainText("ci-runner-00");
  await expect(events.last()).toContainText("Signed in");
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const ids = await events.evaluateAll((rows) => rows.map((row) => row.textContent));
  expect(new Set(ids).size).toBe(31);
});
