// The API reference at /docs/api: the served OpenAPI document drawn by the bundled renderer, inside
// the app's layout, with a curl and a fetch example per operation, Markdown rendered, nothing
// fetched from anywhere but this origin, and (through ./support/test) no CSP violation.
import { expect, test } from "./support/test";
import { STORAGE_STATE } from "./support/users";

test.use({ storageState: STORAGE_STATE });

test("renders the operations with curl and fetch examples, Markdown, and nothing from elsewhere", async ({ page, baseURL }) => {
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseURL}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) elsewhere.push(url);
  });

  await page.goto("/docs/api");
  // The app's own layout around it.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "SOC Platform API", level: 1 })).toBeVisible();

  // The operations, from the document.
  const sidebar = page.getByRole("complementary", { name: /Sidebar/ });
  for (const summary of ["List API keys", "Create an API key", "Read an API key", "Revoke an API key", "Rotate (roll) an API key", "The calling key"]) {
    await expect(sidebar.getByRole("link", { name: new RegExp(`^${summary.replace(/[()]/g, "\\$&")}`) })).toBeVisible();
  }

  await sidebar.getByRole("link", { name: /^Create an API key/ }).click();
  const create = page.getByRole("region", { name: "Create an API key" });
  await expect(create).toBeVisible();

  // Markdown rendered: bold and code, no raw backticks.
  const description = create.getByRole("group", { name: "Description" });
  await expect(description.locator("strong").first()).toHaveText("The full secret is returned exactly once");
  // A sudo-mode operation says so in its description.
  await expect(description.locator("strong", { hasText: "Sudo mode:" })).toBeVisible();
  await expect(description.locator("code", { hasText: "expires_in_days" }).first()).toBeVisible();
  expect(await description.innerText()).not.toContain("`");

  // curl first, with the example body.
  const sample = create.getByRole("group", { name: /^Code sample:/ });
  await expect(sample).toContainText("curl");
  await expect(sample).toContainText(`${baseURL}/api/v1/keys`);
  await expect(sample).toContainText("--request POST");
  await expect(sample).toContainText('"name": "prod-splunk-2026q2"');

  // Exactly two clients to choose from: curl and fetch.
  await create.getByRole("button", { name: /^Change code sample language/ }).click();
  const clients = page.getByRole("listbox");
  await expect(clients.getByRole("option")).toHaveText(["Fetch", "Curl"]);
  await clients.getByRole("option", { name: "Fetch" }).click();
  await expect(sample).toContainText(`fetch('${baseURL}/api/v1/keys'`);
  await expect(sample).toContainText("method: 'POST'");
  await expect(sample).toContainText("prod-splunk-2026q2");

  // Error responses name their codes.
  await expect(create.getByRole("list", { name: "Responses" })).toContainText("name_taken");
  await expect(create.getByRole("list", { name: "Responses" })).toContainText("key_limit_reached");

  expect(elsewhere).toEqual([]);
});
