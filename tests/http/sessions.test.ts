// Sessions live on the server: a copied cookie dies with sign-out, "sign out everywhere else",
// the account page's per-session Sign out, and a password change; and no session outlives its
// absolute lifetime or its idle timeout, however often it is refreshed.
import { encode } from "next-auth/jwt";
import { describe, expect, inject, it } from "vitest";
import { api, cookiePairs, errorEnvelope, signIn, signUp, signUpAndSignIn, type SignedUpUser } from "../support/client";
import { ownServers } from "../support/own-servers";
import type { RunningServer } from "../support/server";

const baseUrl = inject("baseUrl");
const sessionSecret = inject("sessionSecret");

const servers = ownServers();

/** Signs the user in once more: another browser. */
async function anotherBrowser(url: string, user: SignedUpUser, userAgent = "Mozilla/5.0 (Windows NT 10.0) Firefox/140.0"): Promise<string> {
  const result = await signIn(url, user.email, user.password, { "user-agent": userAgent });
  if (!result.cookie) throw new Error(`sign-in failed: ${result.status} ${result.body}`);
  return result.cookie;
}

async function accountStatus(url: string, cookie: string): Promise<number> {
  return (await api(url, "/api/v1/account", { cookie })).status;
}

/** next-auth's sign-out, as the Sign out button sends it. */
async function signOutVia(url: string, cookie: string): Promise<Response> {
  const csrf = await fetch(new URL("/api/auth/csrf", url), { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return fetch(new URL("/api/auth/signout", url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${cookiePairs(csrf.headers.getSetCookie())}`, origin: url },
    body: new URLSearchParams({ csrfToken, json: "true" }),
    redirect: "manual",
  });
}

describe("ending a session ends every copy of its cookie", () => {
  it("sign-out: a copy taken before is refused afterwards, on the API (401) and on pages (to sign-in)", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const copy = cookie;
    expect(await accountStatus(baseUrl, copy)).toBe(200);
    const out = await signOutVia(baseUrl, cookie);
    expect(out.status).toBeLessThan(400);

    const refused = await api(baseUrl, "/api/v1/account", { cookie: copy });
    expect(refused.status).toBe(401);
    expect((await errorEnvelope(refused)).code).toBe("unauthorized");
    const page = await api(baseUrl, "/settings/api-keys", { cookie: copy });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "", baseUrl).pathname).toBe("/sign-in");
    // Refreshing it through next-auth gives nothing and clears it, instead of a new cookie.
    const refresh = await api(baseUrl, "/api/auth/session", { cookie: copy });
    expect(await refresh.json()).toEqual({});
    expect(refresh.headers.getSetCookie().some((line) => /next-auth\.session-token=;/.test(line))).toBe(true);
  });

  it("Sign out everywhere else: every other session is refused, this one works", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const others = [await anotherBrowser(baseUrl, user), await anotherBrowser(baseUrl, user)];
    for (const other of others) expect(await accountStatus(baseUrl, other)).toBe(200);

    const response = await api(baseUrl, "/api/v1/sessions/revoke-others", { method: "POST", cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { ended: 2 } });
    for (const other of others) expect(await accountStatus(baseUrl, other)).toBe(401);
    expect(await accountStatus(baseUrl, cookie)).toBe(200);
  });

  it("refuses 'sign out everywhere else' sent from another site", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const other = await anotherBrowser(baseUrl, user);
    const response = await api(baseUrl, "/api/v1/sessions/revoke-others", { method: "POST", cookie, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await accountStatus(baseUrl, other)).toBe(200);
  });

  it("the session list shows each browser with its address; Sign out on one ends only that one; another user's is a 404", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const firefox = await anotherBrowser(baseUrl, user, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/140.0");
    const list = await api(baseUrl, "/api/v1/sessions", { cookie });
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as { data: { id: string; current: boolean; browser: string; ip: string | null }[] };
    expect(data).toHaveLength(2);
    expect(data.filter((session) => session.current)).toHaveLength(1);
    const other = data.find((session) => !session.current);
    expect(other).toMatchObject({ browser: "Firefox on macOS", ip: "127.0.0.1" });

    const stranger = await signUpAndSignIn(baseUrl);
    const notTheirs = await api(baseUrl, `/api/v1/sessions/${other?.id}`, { method: "DELETE", cookie: stranger.cookie });
    expect(notTheirs.status).toBe(404);
    expect(await accountStatus(baseUrl, firefox)).toBe(200);

    const ended = await api(baseUrl, `/api/v1/sessions/${other?.id}`, { method: "DELETE", cookie });
    expect(ended.status).toBe(204);
    expect(await accountStatus(baseUrl, firefox)).toBe(401);
    expect(await accountStatus(baseUrl, cookie)).toBe(200);
    expect((await api(baseUrl, `/api/v1/sessions/${other?.id}`, { method: "DELETE", cookie })).status).toBe(404);
    expect((await api(baseUrl, "/api/v1/sessions/not-a-uuid", { method: "DELETE", cookie })).status).toBe(404);
  });

  it("a password change needs the current password and signs out every other session", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const other = await anotherBrowser(baseUrl, user);
    const newPassword = "a completely different passphrase";

    const wrong = await api(baseUrl, "/api/v1/account/password", { cookie, json: { current_password: "not my password at all", new_password: newPassword } });
    expect(wrong.status).toBe(400);
    expect((await errorEnvelope(wrong)).details).toMatchObject({ fields: ["current_password"] });
    expect(await accountStatus(baseUrl, other)).toBe(200);

    const same = await api(baseUrl, "/api/v1/account/password", { cookie, json: { current_password: user.password, new_password: user.password } });
    expect(same.status).toBe(400);
    const short = await api(baseUrl, "/api/v1/account/password", { cookie, json: { current_password: user.password, new_password: "short" } });
    expect(short.status).toBe(400);
    expect(await accountStatus(baseUrl, other)).toBe(200);

    const changed = await api(baseUrl, "/api/v1/account/password", { cookie, json: { current_password: user.password, new_password: newPassword } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ data: { other_sessions_ended: 1 } });
    expect(await accountStatus(baseUrl, other)).toBe(401);
    expect(await accountStatus(baseUrl, cookie)).toBe(200);
    expect((await signIn(baseUrl, user.email, user.password)).ok).toBe(false);
    expect((await signIn(baseUrl, user.email, newPassword)).ok).toBe(true);
  });

  it("a cookie without a server-side session (as issued before sessions existed) is refused", async () => {
    const user = await signUp(baseUrl);
    const token = await encode({ token: { sub: user.id, email: user.email }, secret: sessionSecret });
    const cookie = `next-auth.session-token=${token}`;
    expect(await accountStatus(baseUrl, cookie)).toBe(401);
    const invented = await encode({ token: { sub: user.id, sid: "00000000-0000-4000-8000-000000000000" }, secret: sessionSecret });
    expect(await accountStatus(baseUrl, `next-auth.session-token=${invented}`)).toBe(401);
  });
});

describe("the account", () => {
  it("reads and renames the signed-in user, with the name rules of sign-up", async () => {
    const { user, cookie } = await signUpAndSignIn(baseUrl);
    const read = await api(baseUrl, "/api/v1/account", { cookie });
    expect(await read.json()).toMatchObject({ data: { id: user.id, email: user.email, name: null, account: { id: user.accountId, tier: "free" } } });
    const renamed = await api(baseUrl, "/api/v1/account", { method: "PATCH", cookie, json: { name: "Ada Analyst" } });
    expect(await renamed.json()).toMatchObject({ data: { name: "Ada Analyst" } });
    for (const name of ["", "evil\u202Eexe", "x".repeat(101)]) {
      const refused = await api(baseUrl, "/api/v1/account", { method: "PATCH", cookie, json: { name } });
      expect(refused.status, JSON.stringify(name)).toBe(400);
    }
    expect((await api(baseUrl, "/api/v1/account", { method: "PATCH", cookie, json: { name: "x", email: "other@example.test" } })).status).toBe(400);
    expect(await (await api(baseUrl, "/api/v1/account", { cookie })).json()).toMatchObject({ data: { name: "Ada Analyst", email: user.email } });
    const cleared = await api(baseUrl, "/api/v1/account", { method: "PATCH", cookie, json: { name: null } });
    expect(await cleared.json()).toMatchObject({ data: { name: null } });
  });
});

describe("lifetimes (a server of its own: 7.2 s absolute, 3 s idle)", () => {
  async function shortLived(): Promise<RunningServer> {
    return servers.start({ env: { SESSION_MAX_AGE_HOURS: "0.002", SESSION_IDLE_MINUTES: "0.05" } });
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("a session left idle past the timeout is refused", async () => {
    const server = await shortLived();
    const { cookie } = await signUpAndSignIn(server.url);
    expect(await accountStatus(server.url, cookie)).toBe(200);
    await sleep(4000);
    expect(await accountStatus(server.url, cookie)).toBe(401);
  });

  it("a session used and refreshed every second still ends at its absolute lifetime", async () => {
    const server = await shortLived();
    const { cookie } = await signUpAndSignIn(server.url);
    const signedInAt = Date.now();
    let current = cookie;
    let endedAfter: number | null = null;
    while (Date.now() - signedInAt < 11_000) {
      // Take whatever cookie a refresh hands out, as a browser would.
      const refresh = await api(server.url, "/api/auth/session", { cookie: current });
      const renewed = refresh.headers.getSetCookie().find((line) => line.startsWith("next-auth.session-token=") && !line.startsWith("next-auth.session-token=;"));
      if (renewed) current = renewed.split(";")[0] ?? current;
      if ((await accountStatus(server.url, current)) === 401) {
        endedAfter = Date.now() - signedInAt;
        break;
      }
      await sleep(1000);
    }
    expect(endedAfter).not.toBeNull();
    // Active throughout, so only the absolute lifetime (7.2 s from sign-in) can have ended it.
    expect(endedAfter).toBeGreaterThanOrEqual(6500);
  });
});
