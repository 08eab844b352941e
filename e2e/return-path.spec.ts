// The return path after sign-in and sign-up (callbackUrl) cannot send the browser to another
// site: each payload an attacker would put in a link, followed the way a victim would follow it.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { createUser, PASSWORD, uniqueEmail } from "./support/users";

/** What follows `callbackUrl=` in the address the victim is sent to, exactly as written there. */
const PAYLOADS: { label: string; query: string }[] = [
  // The browser itself drops a literal tab from the address, so this one arrives as //evil.example.
  { label: "a literal tab: /<TAB>/evil.example", query: "/\t/evil.example" },
  // These reach the server with the tab in the value; its URL parser drops it again on the way out.
  { label: "/%09/evil.example", query: "/%09/evil.example" },
  { label: "%2F%09%2Fevil.example", query: "%2F%09%2Fevil.example" },
  ...["//evil.example", "/\\evil.example", "https://evil.example/x", "javascript:alert(1)", "/%2F%2Fevil.example", "http:evil.example", "/.//evil.example"].map(
    (value) => ({ label: value, query: encodeURIComponent(value) }),
  ),
  // The same two written unencoded in the address: the server decodes them to ///evil.example and /.//evil.example.
  { label: "/%2F%2Fevil.example unencoded", query: "/%2F%2Fevil.example" },
  { label: "/.//evil.example unencoded", query: "/.//evil.example" },
];

const isEvil = (url: URL) => url.hostname === "evil.example" || url.hostname.endsWith(".evil.example");

/**
 * The sandbox has no network: answer for evil.example ourselves, so a redirect there shows as a
 * page at evil.example rather than an error page. A javascript: URL that ran would open a dialog.
 */
async function watchForEscape(page: Page): Promise<{ dialogs: string[] }> {
  await page.context().route(isEvil, (route) => route.fulfill({ contentType: "text/html", body: "<h1>evil.example</h1>" }));
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { dialogs };
}

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Waits until the browser has left `fromPath` (on this site or anywhere else) and checks where it is. */
async function expectLandedOnThisSite(page: Page, fromPath: string, baseURL: string, dialogs: string[]) {
  const origin = new URL(baseURL).origin;
  await page.waitForURL((url) => url.origin !== origin || url.pathname !== fromPath);
  expect(new URL(page.url()).origin, `landed on ${page.url()}`).toBe(origin);
  expect(dialogs).toEqual([]);
  // Signed in, so the redirect that was checked is the one after sign-in.
  expect((await page.context().cookies(origin)).some((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBe(true);
}

for (const { label, query } of PAYLOADS) {
  test.describe(`callbackUrl ${label}`, () => {
    test("sign-in returns to this site", async ({ page, request, baseURL }) => {
      const { dialogs } = await watchForEscape(page);
      const user = await createUser(request, baseURL ?? "", "e2e-return-path");
      await page.goto(`/sign-in?callbackUrl=${query}`);
      await fillSignIn(page, user.email, user.password);
      await expectLandedOnThisSite(page, "/sign-in", baseURL ?? "", dialogs);
    });

    test("the sign-up link from sign-in, then sign-up, returns to this site", async ({ page, baseURL }) => {
      const { dialogs } = await watchForEscape(page);
      await page.goto(`/sign-in?callbackUrl=${query}`);
      await page.getByRole("link", { name: "Create one" }).click();
      await page.waitForURL((url) => url.pathname === "/sign-up");
      await page.getByLabel("Work email").fill(uniqueEmail("e2e-return-path"));
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await expectLandedOnThisSite(page, "/sign-up", baseURL ?? "", dialogs);
    });

    test("the sign-in link from sign-up, then sign-in, returns to this site", async ({ page, request, baseURL }) => {
      const { dialogs } = await watchForEscape(page);
      const user = await createUser(request, baseURL ?? "", "e2e-return-path");
      await page.goto(`/sign-up?callbackUrl=${query}`);
      await page.getByRole("link", { name: "Sign in", exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/sign-in");
      await fillSignIn(page, user.email, user.password);
      await expectLandedOnThisSite(page, "/sign-in", baseURL ?? "", dialogs);
    });
  });
}

test("a good return path is kept through sign-in, with its query and fragment", async ({ page, request, baseURL }) => {
  const user = await createUser(request, baseURL ?? "", "e2e-return-path");
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/settings/audit-log?from=link#events")}`);
  await fillSignIn(page, user.email, user.password);
  await page.waitForURL((url) => url.pathname === "/settings/audit-log");
  const landed = new URL(page.url());
  expect(landed.search + landed.hash).toBe("?from=link#events");
});
