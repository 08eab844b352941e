import { describe, expect, inject, it } from "vitest";
import { api, GOOD_PASSWORD, signIn, signUp, signUpAndSignIn, uniqueEmail } from "../support/client";

const baseUrl = inject("baseUrl");
// Every request here comes from 127.0.0.1, and the server allows 30 failed sign-ins per address
// per 15 minutes across all files of this project. Tests that need more start their own server
// (see own-server.test.ts).

/** What every refused sign-in answers, whatever the reason, so callers learn nothing from it. */
function refusal(result: { ok: boolean; status: number; body: string }) {
  expect(result.ok).toBe(false);
  expect(result.status).toBe(401);
  const { url } = JSON.parse(result.body) as { url: string };
  return new URL(url).searchParams.get("error");
}

describe("sign-in refuses bad input without a session", () => {
  it.each([
    { name: "wrong password", credentials: (email: string) => ({ email, password: "not the right password" }) },
    { name: "unknown email", credentials: () => ({ email: uniqueEmail("nobody"), password: GOOD_PASSWORD }) },
    { name: "empty password", credentials: (email: string) => ({ email, password: "" }) },
    { name: "malformed email", credentials: (email: string) => ({ email: email.replace("@", ""), password: GOOD_PASSWORD }) },
    { name: "empty email", credentials: () => ({ email: "", password: GOOD_PASSWORD }) },
    { name: "password over 1024 characters", credentials: (email: string) => ({ email, password: GOOD_PASSWORD + "x".repeat(1024) }) },
  ])("$name", async ({ credentials }) => {
    const user = await signUp(baseUrl);
    const { email, password } = credentials(user.email);
    expect(refusal(await signIn(baseUrl, email, password))).toBe("CredentialsSignin");
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const user = await signUp(baseUrl);
    const wrong = await signIn(baseUrl, user.email, "not the right password");
    const unknown = await signIn(baseUrl, uniqueEmail("nobody"), "not the right password");
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
  });

  it("refuses a sign-in without the CSRF token", async () => {
    const user = await signUp(baseUrl);
    const response = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
      body: new URLSearchParams({ email: user.email, password: user.password, json: "true" }),
      redirect: "manual",
    });
    expect(response.headers.getSetCookie().some((line) => line.startsWith("next-auth.session-token="))).toBe(false);
  });
});

describe("sign-in throttling", () => {
  it("after 5 failures for one email refuses the right password too, with the same generic answer", async () => {
    const user = await signUp(baseUrl);
    const failures = [];
    for (let attempt = 0; attempt < 5; attempt++) failures.push(await signIn(baseUrl, user.email, `wrong password ${attempt}`));
    for (const failure of failures) expect(refusal(failure)).toBe("CredentialsSignin");

    const blocked = await signIn(baseUrl, user.email, user.password);
    expect(refusal(blocked)).toBe("CredentialsSignin");
    expect(blocked.body).toBe(failures[0]?.body);
    // Another spelling of the same address shares the budget.
    expect((await signIn(baseUrl, user.email.toUpperCase(), user.password)).ok).toBe(false);
  });

  it("blocks only the attacked email: others still sign in", async () => {
    const victim = await signUp(baseUrl);
    for (let attempt = 0; attempt < 5; attempt++) await signIn(baseUrl, victim.email, `wrong password ${attempt}`);
    const bystander = await signUp(baseUrl);
    expect((await signIn(baseUrl, bystander.email, bystander.password)).ok).toBe(true);
  });

  it("a success is not counted, and does not wipe out the failures before it", async () => {
    const user = await signUp(baseUrl);
    for (let attempt = 0; attempt < 4; attempt++) await signIn(baseUrl, user.email, `wrong password ${attempt}`);
    // Successes give their point back: any number of them leaves the budget as it was.
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(baseUrl, user.email, user.password)).ok).toBe(true);
    // ...but the owner signing in does not reset an attacker's count: one more failure spends it.
    await signIn(baseUrl, user.email, "wrong password 4");
    expect((await signIn(baseUrl, user.email, user.password)).ok).toBe(false);
  });
});

describe("the session", () => {
  it("is an HttpOnly, SameSite=Lax cookie for the whole site", async () => {
    const user = await signUp(baseUrl);
    const result = await signIn(baseUrl, user.email, user.password);
    const line = result.setCookie.find((cookie) => cookie.startsWith("next-auth.session-token="));
    expect(line).toBeDefined();
    const attributes = (line ?? "").split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
  });

  it("opens the API keys page, which shows who is signed in", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const page = await api(baseUrl, "/settings/api-keys", { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(user.email);

    const session = await api(baseUrl, "/api/auth/session", { cookie });
    expect(await session.json()).toMatchObject({ user: { email: user.email, id: user.id } });
  });

  it.each([
    ["no cookie", undefined],
    ["a forged cookie", "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged"],
  ])("with %s the API keys page redirects to sign-in and back", async (_label, cookie) => {
    const page = await api(baseUrl, "/settings/api-keys", { cookie });
    expect(page.status).toBe(307);
    const location = new URL(page.headers.get("location") ?? "", baseUrl);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("/settings/api-keys");
  });
});
