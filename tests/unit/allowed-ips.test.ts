import { describe, expect, it } from "vitest";
import { addressAllowed, allowedIpsSchema, compileAllowList, parseAllowedIp } from "@/lib/keys/allowed-ips";

describe("parsing an allowlist entry", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7/32", "203.0.113.7"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8::/48", "2001:db8::/48"],
    ["2001:db8::1/128", "2001:db8::1"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
  ])("%j is kept as %j", (input, canonical) => {
    expect(parseAllowedIp(input)).toEqual({ ok: true, canonical });
  });

  // The lenient forms are the dangerous ones: each would silently allow another network.
  it.each([
    ["010.0.0.1", "four decimal numbers"],
    ["10.1", "four decimal numbers"],
    ["0x0a.0.0.1", "four decimal numbers"],
    ["167772161", "four decimal numbers"],
    ["10.1.2.3/8", "the range is 10.0.0.0/8"],
    ["2001:db8::1/32", "the range is 2001:db8::/32"],
    ["10.0.0.0/33", "over 32"],
    ["10.0.0.0/08", "not a number"],
    ["10.0.0.0/", "not a number"],
    ["fe80::1%eth0", "zone index"],
    ["10.0.0.0/8/8", "not an address"],
    ["::ffff:10.0.0.0/80", "shorter than /96"],
    ["", "empty"],
    ["example.com", "not an IPv4 or IPv6 address"],
  ])("%j is refused (%s)", (input, reason) => {
    const parsed = parseAllowedIp(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe("the allowed_ips field", () => {
  it("canonicalises, removes duplicates, and turns an empty list into anywhere (null)", () => {
    expect(allowedIpsSchema.parse(["10.0.0.0/8", "10.0.0.0/8", "::ffff:203.0.113.7", "203.0.113.7"])).toEqual(["10.0.0.0/8", "203.0.113.7"]);
    expect(allowedIpsSchema.parse([])).toBeNull();
    expect(allowedIpsSchema.parse(null)).toBeNull();
  });

  it("names each bad entry by its position", () => {
    const result = allowedIpsSchema.safeParse(["203.0.113.7", "010.0.0.1", "10.1.2.3/8"]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([[1], [2]]);
  });

  it("takes at most 20 entries", () => {
    const list = Array.from({ length: 21 }, (_, i) => `192.0.2.${i}`);
    expect(allowedIpsSchema.safeParse(list).success).toBe(false);
    expect(allowedIpsSchema.safeParse(list.slice(0, 20)).success).toBe(true);
  });
});

describe("matching a client address", () => {
  const list = compileAllowList(JSON.stringify(["10.0.0.0/8", "203.0.113.7", "2001:db8:1::/48"]));

  it.each([
    ["10.200.3.4", true],
    ["203.0.113.7", true],
    ["203.0.113.8", false],
    ["11.0.0.1", false],
    ["2001:db8:1:ffff::1", true],
    ["2001:db8:2::1", false],
    ["::ffff:10.1.1.1", true],
    ["::1", false],
    ["garbage", false],
  ])("%s → %s", (address, allowed) => {
    expect(addressAllowed(list, address)).toBe(allowed);
  });

  it("an unknown address never matches a list, and no list allows anything", () => {
    expect(addressAllowed(list, null)).toBe(false);
    expect(addressAllowed(null, null)).toBe(true);
    expect(compileAllowList(null)).toBeNull();
    expect(compileAllowList("[]")).toBeNull();
  });
});
