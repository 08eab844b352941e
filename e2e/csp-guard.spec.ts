// The page policy holds in a real browser, and the guard in e2e/support/test.ts, which every
// spec runs under, notices when it is violated. Each test here breaks the policy on purpose.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";

/** Adds an inline <script> without the nonce, as an injection would; the page's policy decides whether it runs. */
async function injectInlineScript(page: Page) {
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedScriptRan = true;";
    document.head.append(script);
  });
}

async function openSignIn(page: Page) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();
}

test("an inline script without the nonce is refused, and the guard records it", async ({ page, cspViolations }) => {
  await openSignIn(page);
  expect(cspViolations.list()).toEqual([]);

  await injectInlineScript(page);
  expect(await page.evaluate(() => "injectedScriptRan" in window)).toBe(false);
  await expect.poll(() => cspViolations.list().length).toBeGreaterThan(0);
  // Handled here, so the guard does not fail this test for it.
  const seen = cspViolations.take().join("\n");
  expect(seen).toContain("/sign-in: ");
  expect(seen).toMatch(/script-src-elem refused inline/);
});

test("a script of this origin may run, but not eval", async ({ page, cspViolations }) => {
  // A same-origin script ('self' admits it) that tries eval, as a compromised dependency would.
  await page.route("**/_next/static/csp-eval-probe.js", (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: 'try { window.evalProbe = String(eval("6 * 7")); } catch (error) { window.evalProbe = error.name; }',
    }),
  );
  await openSignIn(page);
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.src = "/_next/static/csp-eval-probe.js";
    document.head.append(script);
  });
  await expect.poll(() => page.evaluate(() => (window as Window & { evalProbe?: string }).evalProbe)).toBe("EvalError");
  await expect.poll(() => cspViolations.list().length).toBeGreaterThan(0);
  expect(cspViolations.take().join("\n")).toMatch(/script-src refused eval/);
});

test("a violation nobody handles fails the test", async ({ page }) => {
  // Expected to fail, and only the guard can fail it: nothing after the page has loaded asserts anything.
  test.fail();
  await openSignIn(page);
  await injectInlineScript(page);
});
