// The header's bell and /notifications: a new key is a key.created notification, the bell counts
// it, opening the page lists it (linked to the key) and marks it read, and the bell goes back to
// no count at once. Also the empty state, and paging with "Load more" and "Mark all read".
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { apiKeys, createKeyViaUi, signUpFreshUser } from "./api-keys-helpers";

/** What the page shows per request (NOTIFICATIONS_PAGE_SIZE in lib/client/notifications.ts). */
const PAGE_SIZE = 20;

function bell(page: Page): Locator {
  return page.getByTestId("notification-bell");
}

function notifications(page: Page): Locator {
  return page.getByTestId("notification");
}

async function unreadCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/v1/notifications/unread-count");
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { data: { unread_count: number } }).data.unread_count;
}

type NotificationJson = { id: string; type: string; key: { id: string; name: string } | null; read: boolean };

async function listJson(page: Page, limit = 100): Promise<NotificationJson[]> {
  const response = await page.request.get(`/api/v1/notifications?limit=${limit}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { data: NotificationJson[] }).data;
}

test("with nothing to tell, the bell has no count and the page says what will appear", async ({ page }) => {
  await signUpFreshUser(page, "notify-empty");
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(bell(page)).toHaveAttribute("data-unread", "0");
  await expect(bell(page).getByTestId("notification-count")).toHaveCount(0);

  await bell(page).click();
  await page.waitForURL("**/notifications");
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByTestId("notifications-empty")).toHaveText("Nothing yet. Expiry reminders, exposed keys and new sources appear here.");
  await expect(page.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await expect(bell(page)).toHaveAttribute("aria-current", "page");
});

test("a new key shows on the bell and the page; opening the page marks it read and the bell drops to none", async ({ page }) => {
  await signUpFreshUser(page, "notify-created");
  await createKeyViaUi(page, { name: "prod-splunk-notify" });
  const key = (await apiKeys(page)).find((k) => k.name === "prod-splunk-notify");
  expect(key).toBeDefined();

  // The bell asks on every page load (and every 30 s, and on focus); a reload is the plain way.
  await page.reload();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(bell(page).getByTestId("notification-count")).toHaveText("1");

  const [created] = (await listJson(page)).filter((n) => n.type === "key.created");
  expect(created?.key?.id).toBe(key?.id);
  expect(created?.read).toBe(false);

  const markRead = page.waitForRequest((req) => req.url().endsWith("/api/v1/notifications/read") && req.method() === "POST");
  await bell(page).click();
  await page.waitForURL("**/notifications");
  expect((await markRead).postDataJSON()).toEqual({ ids: [created?.id] });

  const item = notifications(page).filter({ has: page.getByTestId("notification-type").getByText("key.created", { exact: true }) });
  await expect(item).toHaveCount(1);
  // Marked read on the server, still highlighted for this visit.
  await expect(item).toHaveAttribute("data-unread", "true");
  await expect(item.getByTestId("notification-new")).toHaveText("New");
  const keyLink = item.getByRole("link", { name: "prod-splunk-notify" });
  await expect(keyLink).toHaveAttribute("href", `/settings/api-keys/${key?.id}`);
  await expect(item.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  // The page told the bell: no waiting for its next poll.
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(bell(page).getByTestId("notification-count")).toHaveCount(0);
  expect(await unreadCount(page)).toBe(0);

  await page.reload();
  await expect(item).toHaveAttribute("data-unread", "false");
  await expect(page.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await expect(bell(page)).toHaveAccessibleName("Notifications");

  await keyLink.click();
  await page.waitForURL(`**/settings/api-keys/${key?.id}`);
});

test("newest first, a page at a time; Mark all read also covers what is not loaded yet", async ({ page }) => {
  await signUpFreshUser(page, "notify-pages");
  // More notifications than a page holds, within the free tier's 10 active keys: each key is
  // revoked right after it is made.
  for (let i = 0; i < PAGE_SIZE + 1; i += 1) {
    const response = await page.request.post("/api/v1/keys", { data: { name: `ci-runner-${i}` } });
    expect(response.status()).toBe(201);
    const { data } = (await response.json()) as { data: { id: string } };
    expect((await page.request.delete(`/api/v1/keys/${data.id}`)).ok()).toBe(true);
  }
  const all = await listJson(page);
  const total = all.length;
  expect(total).toBeGreaterThan(PAGE_SIZE);
  expect(await unreadCount(page)).toBe(total);

  await page.goto("/notifications");
  await expect(notifications(page)).toHaveCount(PAGE_SIZE);
  await expect(notifications(page).first()).toHaveAttribute("data-id", all[0]?.id ?? "");
  await expect(notifications(page).nth(PAGE_SIZE - 1)).toHaveAttribute("data-id", all[PAGE_SIZE - 1]?.id ?? "");
  // The shown page was marked read; the rest still counts.
  await expect(bell(page)).toHaveAccessibleName(`Notifications, ${total - PAGE_SIZE} unread`);
  expect(await unreadCount(page)).toBe(total - PAGE_SIZE);

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(notifications(page).and(page.locator('[data-unread="true"]'))).toHaveCount(0);
  expect(await unreadCount(page)).toBe(0);

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(notifications(page)).toHaveCount(Math.min(total, 2 * PAGE_SIZE));
  await expect(notifications(page).nth(PAGE_SIZE)).toHaveAttribute("data-id", all[PAGE_SIZE]?.id ?? "");
  await expect(notifications(page).nth(PAGE_SIZE)).toHaveAttribute("data-unread", "false");
});
