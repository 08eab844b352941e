// Settings → Account → E-mail notifications: the note when SMTP_URL is unset, and each checkbox
// saved as it changes (a reload shows what the server kept).
import { signInAs } from "./support/sign-in";
import { expect, test } from "./support/test";
import { createUser } from "./support/users";

test("e-mail notification preferences are saved on change", async ({ page, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-mail-prefs");
  await signInAs(page, user.email, user.password);
  await page.goto("/settings/account");

  const section = page.getByRole("region", { name: "E-mail notifications" });
  await expect(section).toBeVisible();
  await expect(section).toContainText(user.email);
  await expect(section.getByTestId("email-not-configured")).toHaveText(
    "E-mail is not configured on this server (SMTP_URL); notifications appear in the console and on webhooks.",
  );
  const expiry = section.getByRole("checkbox", { name: "Expiry reminders" });
  const exposure = section.getByRole("checkbox", { name: "Exposed keys" });
  const newSource = section.getByRole("checkbox", { name: "New sources" });
  await expect(expiry).toBeChecked();
  await expect(exposure).toBeChecked();
  await expect(newSource).toBeChecked();
  await expect(newSource).toHaveAccessibleDescription("A key used from a network not seen in 30 days.");

  await newSource.uncheck();
  await expect(page.getByText("New sources by e-mail: off.")).toBeVisible();
  await expect(newSource).toBeEnabled();
  await exposure.press("Space");
  await expect(page.getByText("Exposed keys by e-mail: off.")).toBeVisible();
  await expect(exposure).toBeEnabled();
  await page.screenshot({ path: "artifacts/screenshots/email-notifications.png", fullPage: true });

  await page.reload();
  await expect(section.getByRole("checkbox", { name: "Expiry reminders" })).toBeChecked();
  await expect(section.getByRole("checkbox", { name: "Exposed keys" })).not.toBeChecked();
  await expect(section.getByRole("checkbox", { name: "New sources" })).not.toBeChecked();
});
