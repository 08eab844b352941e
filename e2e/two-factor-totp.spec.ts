// Settings → Account → Two-factor authentication in a real browser: set up the app from the
// dialog (the key read off the page, the code computed as a phone would), save the recovery codes
// (Done waits for "I have saved these codes"; the download is the codes), then turn it off.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { totpCode as codeFor } from "../tests/support/totp";
import { signInAs } from "./support/sign-in";
import { expect, test } from "./support/test";
import { createUser } from "./support/users";

const SHOTS = path.join(process.cwd(), "artifacts", "screenshots");



test("set up the authenticator app, save the recovery codes, turn it off with one", async ({ page, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-totp");
  await signInAs(page, user.email, user.password);
  const section = page.getByTestId("two-factor-section");
  await expect(section.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(section.getByTestId("totp-status")).toHaveText("Off");

  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  const setup = page.getByTestId("totp-setup-dialog");
  await expect(setup.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = ((await setup.getByTestId("totp-secret").textContent()) ?? "").replaceAll(" ", "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // A wrong code is named under the field, and the dialog stays.
  const right = codeFor(secret);
  await setup.getByLabel("Code from your app").fill(right === "000000" ? "111111" : "000000");
  await setup.getByRole("button", { name: "Turn on" }).click();
  await expect(setup.getByRole("alert")).toContainText("not right");

  await setup.getByLabel("Code from your app").fill(`${right.slice(0, 3)} ${right.slice(3)}`);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "totp-setup-1280.png") });
  await setup.getByRole("button", { name: "Turn on" }).click();

  const reveal = page.getByTestId("recovery-codes-dialog");
  await expect(reveal).toBeVisible();
  // allTextContents does not wait: wait for the ten codes first, or an empty list is read.
  const items = reveal.getByTestId("recovery-codes").getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((code) => code.trim());
  expect(codes).toHaveLength(10);
  const done = reveal.getByRole("button", { name: "Done" });
  await expect(done).toBeDisabled();
  // Escape does not lose the codes.
  await page.keyboard.press("Escape");
  await expect(reveal).toBeVisible();

  const downloading = page.waitForEvent("download");
  await reveal.getByRole("button", { name: "Download .txt" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("soc-api-keys-recovery-codes.txt");
  const file = readFileSync(await download.path(), "utf8");
  for (const code of codes) expect(file).toContain(code);

  await reveal.getByRole("button", { name: "Copy codes" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));

  await page.screenshot({ path: path.join(SHOTS, "totp-recovery-codes-1280.png") });
  await reveal.getByLabel("I have saved these codes").check();
  await done.click();
  await expect(reveal).toBeHidden();
  await expect(section.getByTestId("totp-status")).toContainText("On since");
  await expect(section.getByTestId("recovery-codes-remaining")).toContainText("10 of 10 unused");

  // Off, with a recovery code (the phone is lost).
  await section.getByRole("button", { name: "Turn off" }).click();
  const off = page.getByTestId("totp-disable-dialog");
  await off.getByLabel("Code from your app or a recovery code").fill(codes[0] ?? "");
  await off.getByRole("button", { name: "Turn off" }).click();
  await expect(off).toBeHidden();
  await expect(section.getByTestId("totp-status")).toHaveText("Off");
  await expect(section.getByTestId("recovery-codes-remaining")).toHaveCount(0);
});
