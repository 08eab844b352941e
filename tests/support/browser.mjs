// Finds a Chromium to drive: Playwright's own if it was downloaded, else the system's.
// Shared by playwright.config.ts and scripts/test.mjs so both say the same thing when none is found.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export const MISSING_BROWSER_MESSAGE =
  "No Chromium found for the browser tests. Install one: `apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`.";

/**
 * @returns {{ executablePath: string, bundled: boolean } | null}
 */
export function findChromium() {
  let bundled = "";
  try {
    bundled = chromium.executablePath();
  } catch {
    // Playwright throws when its own browser was never downloaded.
  }
  if (bundled && existsSync(bundled)) return { executablePath: bundled, bundled: true };
  const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  return system ? { executablePath: system, bundled: false } : null;
}
