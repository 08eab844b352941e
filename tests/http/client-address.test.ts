// The client address is the TCP peer unless TRUST_PROXY_HOPS says proxies stand in front; what a
// client writes in X-Forwarded-For (or X-Real-IP, or our own internal header) never counts on its own.
import { describe, expect, it } from "vitest";
import { api, signIn, signUp, signUpAndSignIn, uniqueEmail } from "../support/client";
import { createKey } from "../support/keys";
import { ownServers } from "../support/own-servers";
import type { RunningServer } from "../support/server";

const servers = ownServers();

function ownServer(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  return servers.start({ env });
}

/** The address the audit trail recorded for a key created with these request headers. */
async function auditedAddress(server: RunningServer, cookie: string, headers: Record<string, string>): Promise<string | null> {
  const name = `addr-${Math.random().toString(36).slice(2, 10)}`;
  const response = await api(server.url, "/api/v1/keys", { cookie, json: { name }, headers });
  expect(response.status).toBe(201);
  const events = (await (await api(server.url, "/api/v1/audit-events", { cookie })).json()) as { data: { ip: string | null; key: { name: string } | null }[] };
  return events.data.find((event) => event.key?.name === name)?.ip ?? null;
}

describe("with the default (TRUST_PROXY_HOPS=0): the TCP peer", () => {
  it("40 failed sign-ins, each claiming a new X-Forwarded-For, are still throttled per address", async () => {
    const server = await ownServer();
    for (let attempt = 0; attempt < 40; attempt++) {
      const result = await signIn(server.url, uniqueEmail("spoof"), "not the password", {
        "x-forwarded-for": `203.0.113.${attempt}`,
        "x-real-ip": `198.51.100.${attempt}`,
      });
      expect(result.ok).toBe(false);
    }
    const lines = server.log().split("\n").filter((line) => line.startsWith("[sign-in] outcome="));
    expect(lines.filter((line) => line.includes("password_checked=yes"))).toHaveLength(30);
    expect(lines.filter((line) => line.includes("outcome=throttled"))).toHaveLength(10);
    expect(lines.every((line) => line.includes("address=127.0.0.1"))).toBe(true);
    // The address is spent: even the right password from it is refused, whatever it claims.
    const user = await signUp(server.url);
    expect((await signIn(server.url, user.email, user.password, { "x-forwarded-for": "192.0.2.77" })).ok).toBe(false);
  });

  it("audit events record 127.0.0.1, whatever the forwarding headers (or our internal header) say", async () => {
    const server = await ownServer();
    const { cookie } = await signUpAndSignIn(server.url);
    expect(await auditedAddress(server, cookie, { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.1");
    expect(await auditedAddress(server, cookie, { "x-real-ip": "203.0.113.9", forwarded: "for=203.0.113.9" })).toBe("127.0.0.1");
    expect(await auditedAddress(server, cookie, { "x-soc-client-address": "203.0.113.9" })).toBe("127.0.0.1");
  });
});

describe("behind proxies", () => {
  it("TRUST_PROXY_HOPS=1: the right-most X-Forwarded-For entry, the one the proxy wrote", async () => {
    const server = await ownServer({ TRUST_PROXY_HOPS: "1" });
    const { cookie } = await signUpAndSignIn(server.url);
    expect(await auditedAddress(server, cookie, { "x-forwarded-for": "198.51.100.1, 203.0.113.9" })).toBe("203.0.113.9");
    expect(await auditedAddress(server, cookie, { "x-forwarded-for": "::ffff:203.0.113.10" })).toBe("203.0.113.10");
    // No header (a request that did not come through the proxy): the peer.
    expect(await auditedAddress(server, cookie, {})).toBe("127.0.0.1");
  });

  it("TRUST_PROXY_HOPS=2: two proxies, so the second entry from the right", async () => {
    const server = await ownServer({ TRUST_PROXY_HOPS: "2" });
    const { cookie } = await signUpAndSignIn(server.url);
    expect(await auditedAddress(server, cookie, { "x-forwarded-for": "192.0.2.1, 198.51.100.1, 10.0.0.2" })).toBe("198.51.100.1");
  });

  it("an invalid TRUST_PROXY_HOPS stops the server with the reason", async () => {
    await expect(ownServer({ TRUST_PROXY_HOPS: "yes" })).rejects.toThrow(/TRUST_PROXY_HOPS must be a whole number/);
  });
});
