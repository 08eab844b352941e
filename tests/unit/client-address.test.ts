import { describe, expect, it } from "vitest";
import { normaliseAddress, resolveClientAddress, trustedProxyHops } from "@/lib/http/client-address.mjs";

describe("resolveClientAddress", () => {
  it.each([
    // [peer, X-Forwarded-For, hops, expected]
    ["127.0.0.1", "203.0.113.9", 0, "127.0.0.1"],
    ["::ffff:127.0.0.1", undefined, 0, "127.0.0.1"],
    ["10.0.0.2", "203.0.113.9", 1, "203.0.113.9"],
    ["10.0.0.2", "1.1.1.1, 203.0.113.9", 1, "203.0.113.9"],
    ["10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.3", 2, "203.0.113.9"],
    ["10.0.0.2", "203.0.113.9", 3, "203.0.113.9"],
    ["10.0.0.2", ["1.1.1.1", "203.0.113.9"], 1, "203.0.113.9"],
    ["10.0.0.2", "", 1, "10.0.0.2"],
    ["10.0.0.2", "unknown", 1, "10.0.0.2"],
    ["10.0.0.2", "203.0.113.9:4711", 1, "203.0.113.9"],
    ["10.0.0.2", "[2001:db8::1]:443", 1, "2001:db8::1"],
    ["10.0.0.2", "2001:DB8::1", 1, "2001:db8::1"],
    ["10.0.0.2", "::ffff:198.51.100.4", 1, "198.51.100.4"],
    ["10.0.0.2", "<script>", 1, "10.0.0.2"],
  ] as const)("peer %s, X-Forwarded-For %j, %i hop(s) → %s", (peer, forwarded, hops, expected) => {
    expect(resolveClientAddress(peer, forwarded as string | string[] | undefined, hops)).toBe(expected);
  });

  it("never returns something that is not an address", () => {
    expect(normaliseAddress("not an address")).toBeNull();
    expect(normaliseAddress(undefined)).toBeNull();
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
  });
});

describe("TRUST_PROXY_HOPS", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["2", 2],
    [" 1 ", 1],
  ])("%j → %i", (value, hops) => expect(trustedProxyHops(value)).toBe(hops));

  it.each(["-1", "1.5", "yes", "11"])("%j is refused with the reason", (value) => {
    expect(() => trustedProxyHops(value)).toThrow(/TRUST_PROXY_HOPS must be a whole number from 0 to 10/);
  });
});
