// Every spec imports `test` and `expect` from here, not from @playwright/test: an automatic
// fixture watches each page of the test for Content Security Policy violations and fails the
// test, naming each one, if any occurred. A violation means either the policy is wrong (a page
// of ours is broken in production) or something ran that should not have.
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/** Prefix of the console lines the init script writes for each securitypolicyviolation event. */
const REPORT_PREFIX = "[csp-violation]";

/** What Chromium itself logs when it refuses something, e.g. "Refused to execute inline script because it violates the following Content Security Policy directive: ...". */
const BROWSER_CSP_MESSAGE = /Content Security Policy/i;

export type CspViolations = {
  /** The violations seen so far, each as "<page url>: <what was refused>". */
  list(): string[];
  /**
   * Returns the violations seen so far and forgets them, so the test does not fail on them.
   * Only for a test that causes one on purpose to show the guard works.
   */
  take(): string[];
};

export const test = base.extend<{ cspViolations: CspViolations }>({
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      await watchContext(context, seen);
      await use({
        list: () => [...seen],
        take: () => seen.splice(0, seen.length),
      });
      // A violation is reported by an event the page queues; let every open page run its queue
      // (and the console messages reach us) before judging.
      for (const page of context.pages()) await settle(page);
      if (seen.length > 0) {
        throw new Error(`Content Security Policy violation${seen.length > 1 ? "s" : ""} in this test:\n${seen.map((line) => `  - ${line}`).join("\n")}`);
      }
    },
    { auto: true },
  ],
});

export { expect };

async function watchContext(context: BrowserContext, seen: string[]): Promise<void> {
  // Runs before any script of the page, through the DevTools protocol, so the page's own CSP
  // does not apply to it.
  await context.addInitScript((prefix: string) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const blocked = event.blockedURI || "inline";
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
      console.error(`${prefix} ${event.effectiveDirective} refused ${blocked}${where} (sample: ${JSON.stringify(event.sample)})`);
    });
  }, REPORT_PREFIX);
  const watchPage = (page: Page) => {
    page.on("console", (message) => {
      const text = message.text();
      if (text.startsWith(REPORT_PREFIX) || BROWSER_CSP_MESSAGE.test(text)) seen.push(`${page.url()}: ${text}`);
    });
  };
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
}

async function settle(page: Page): Promise<void> {
  if (page.isClosed()) return;
  try {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  } catch {
    // The page is navigating or gone: nothing more can arrive from it that we could wait for.
  }
}
