import { readFileSync } from "node:fs";
import { expect, inject, it } from "vitest";
import { api, signIn, signUpAndSignIn } from "../support/client";

const baseUrl = inject("baseUrl");

it("the server log carries no password, session secret or session token", async () => {
  const password = `log-canary-${Date.now().toString(36)}-pw`;
  const { user, cookie } = await signUpAndSignIn(baseUrl, { password });
  await signIn(baseUrl, user.email, `${password}-wrong`);
  await api(baseUrl, "/api/v1/signup", { json: { email: user.email, password } });
  await api(baseUrl, "/api/v1/signup", { body: `{"password":"${password}"`, headers: { "content-type": "application/json" } });

  const log = readFileSync(inject("serverLogPath"), "utf8");
  // The log is the one the server writes to: it announced its database at start.
  expect(log).toMatch(/Database: (sqlite|postgresql)/);
  expect(log).not.toContain(password);
  expect(log).not.toContain(inject("sessionSecret"));
  expect(log).not.toContain(cookie.split("=")[1] ?? cookie);
  expect(log).not.toMatch(/\$2[aby]\$\d\d\$/); // bcrypt hashes
});
