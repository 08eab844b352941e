// Teams in the browser: an owner invites an e-mail on Settings → Members and gets the link once;
// the invitee, in a second browser, opens it, creates an account and joins; the switcher lists
// both of their accounts and switches; the owner changes the member's role and then removes
// them, and the member's next page load lands on /accounts. Screenshots of the members page and
// the open switcher.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";
import { expect, test } from "./support/test";
import { createUser, PASSWORD, uniqueEmail } from "./support/users";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");

async function openSwitcher(page: Page) {
  const switcher = page.getByTestId("account-switcher");
  await switcher.getByRole("button", { expanded: false }).first().click();
  await expect(switcher.getByRole("list", { name: "Your accounts" })).toBeVisible();
  return switcher;
}

test("invite, accept in a second browser, switch accounts, change the role, remove the member", async ({ page, browser, request, baseURL }) => {
  test.setTimeout(120_000);
  const owner = await createUser(request, baseURL ?? "", "e2e-team-owner");
  await signInAs(page, owner.email, owner.password, "/settings/members");
  // A recognisable team name (owners set it in the policies; here through the API the page uses).
  const named = await page.request.patch("/api/v1/policies", { data: { name: "Blue Team SOC" }, headers: { origin: baseURL ?? "" } });
  expect(named.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await expect(page.locator(`[data-testid="member-row"][data-email="${owner.email}"]`)).toContainText("you");

  // Invite: the link is shown once, in a dialog.
  const inviteeEmail = uniqueEmail("e2e-invitee");
  const form = page.getByTestId("invite-form");
  await form.getByLabel("E-mail").fill(inviteeEmail);
  await form.getByLabel("Role").selectOption("member");
  await form.getByRole("button", { name: "Send invitation" }).click();
  const dialog = page.getByTestId("invite-link-dialog");
  await expect(dialog).toBeVisible();
  const link = await dialog.getByTestId("invite-link").evaluate((element) =>
    element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element.value : (element.textContent ?? ""),
  );
  expect(link).toMatch(/\/invite\/inv_[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const invitationRow = page.locator(`[data-testid="invitation-row"][data-email="${inviteeEmail}"]`);
  await expect(invitationRow).toContainText(/pending/i);
  // Shown once: the list never shows the link again, nor does a reload.
  await page.reload();
  await expect(page.getByTestId("invitations-table")).not.toContainText(link.split("/").pop()!);

  // The invitee, in a browser of their own: open the link, create an account, join.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByRole("heading", { name: "Join Blue Team SOC" })).toBeVisible();
  await invitee.getByRole("link", { name: "Create an account" }).click();
  await invitee.getByLabel("Work email").fill(inviteeEmail);
  await invitee.getByLabel("Password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account" }).click();
  await invitee.waitForURL(/\/invite\/inv_/);
  await invitee.getByRole("button", { name: "Join Blue Team SOC" }).click();
  await invitee.waitForURL("**/settings/api-keys");

  // They act on the team: the switcher says so, and lists both of their accounts.
  const switcher = invitee.getByTestId("account-switcher");
  await expect(switcher).toContainText("Blue Team SOC");
  await expect(switcher).toContainText("Member");
  await openSwitcher(invitee);
  const options = switcher.getByTestId("account-option");
  await expect(options).toHaveCount(2);
  await expect(options.filter({ hasText: "Blue Team SOC" })).toHaveAttribute("aria-current", "true");
  mkdirSync(SHOTS, { recursive: true });
  await invitee.screenshot({ path: path.join(SHOTS, "teams-switcher-1280.png"), fullPage: false });

  // Switch to their personal account, and back.
  const personal = options.filter({ hasNotText: "Blue Team SOC" });
  await personal.click();
  await expect(switcher).not.toContainText("Blue Team SOC");
  await expect(switcher).toContainText("Owner");
  await openSwitcher(invitee);
  await switcher.getByTestId("account-option").filter({ hasText: "Blue Team SOC" }).click();
  await expect(switcher).toContainText("Blue Team SOC");
  await expect(switcher).toContainText("Member");

  // The owner sees them, the invitation accepted, and changes their role.
  await page.reload();
  const memberRow = page.locator(`[data-testid="member-row"][data-email="${inviteeEmail}"]`);
  await expect(memberRow).toHaveAttribute("data-role", "member");
  await expect(invitationRow).toContainText(/accepted/i);
  await page.screenshot({ path: path.join(SHOTS, "teams-members-1280.png"), fullPage: true });
  await memberRow.getByRole("combobox").selectOption("viewer");
  await expect(memberRow).toHaveAttribute("data-role", "viewer");
  await page.reload();
  await expect(memberRow).toHaveAttribute("data-role", "viewer");
  // The member's next page load knows.
  await invitee.reload();
  await expect(invitee.getByTestId("account-switcher")).toContainText("Viewer");

  // Remove them: their next page load goes to /accounts.
  await memberRow.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Remove member" }).click();
  await expect(memberRow).toHaveCount(0);
  await invitee.goto("/settings/api-keys");
  await invitee.waitForURL(/\/accounts/);
  await expect(invitee.getByRole("heading", { name: "Choose an account" })).toBeVisible();
  await expect(invitee.getByTestId("removed-notice")).toBeVisible();

  await inviteeContext.close();
});
