// Where a webhook may be sent (lib/webhooks/url-guard.ts). Names resolve through a resolver the
// test hands in, so a public-looking name can be made to point anywhere, as a hostile DNS server would.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import {
  assertWebhookUrl,
  resolveDeliverableAddress,
  unsafeAddressReason,
  UnresolvableHostError,
  UnsafeAddressError,
  type Resolver,
} from "@/lib/webhooks/url-guard";

const PUBLIC_V4 = "93.184.215.14";
const PUBLIC_V6 = "2606:4700:4700::1111";

/** A resolver that answers these addresses for every name, and records what it was asked. */
function resolvesTo(...addresses: string[]): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (hostname: string) => {
    asked.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

const doesNotResolve: Resolver = async () => {
  throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
};

async function refusal(url: string, lookup: Resolver = resolvesTo(PUBLIC_V4), allowPrivate = false): Promise<ApiError> {
  const error = await assertWebhookUrl(url, { lookup, allowPrivate }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, `${url} should be refused`).toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect(apiError.code).toBe("invalid_request");
  expect(apiError.details).toEqual({ fields: ["url"] });
  return apiError;
}

afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
});

describe("which addresses are public", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a00:5", "private"],
    ["::ffff:0:10.0.0.1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["::127.0.0.1", "loopback"],
    ["2001:db8::1", "reserved"],
    ["2001::1", "reserved"],
    ["100::1", "reserved"],
  ])("%s is not public (%s)", (address, reason) => {
    expect(unsafeAddressReason(address)).toContain(reason);
  });

  it.each([PUBLIC_V4, "1.1.1.1", "172.32.0.1", "100.128.0.1", PUBLIC_V6, "::ffff:93.184.215.14", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1"])(
    "%s is public",
    (address) => {
      expect(unsafeAddressReason(address)).toBeNull();
    },
  );
});

describe("saving a webhook URL", () => {
  it("accepts an https URL whose name resolves only to public addresses", async () => {
    const lookup = resolvesTo(PUBLIC_V4, PUBLIC_V6);
    await expect(assertWebhookUrl("https://hooks.example.com/soc?x=1", { lookup })).resolves.toBeUndefined();
    expect(lookup.asked).toEqual(["hooks.example.com"]);
  });

  it.each(["10.0.0.5", "127.0.0.1", "169.254.169.254", "::1", "fd00::1", "::ffff:127.0.0.1", "100.64.1.1"])(
    "refuses a public-looking name that resolves to %s, naming the kind of address and not the address",
    async (address) => {
      const error = await refusal("https://hooks.example.com/soc", resolvesTo(address));
      expect(error.message).toMatch(/^The webhook URL's host name resolves to (a|an|the) .+; webhooks go to public addresses only\.$/);
      expect(error.message).not.toContain(address);
    },
  );

  it("refuses a name with several addresses when only one of them is private, whichever comes first", async () => {
    expect((await refusal("https://hooks.example.com/", resolvesTo(PUBLIC_V4, "10.0.0.5"))).message).toContain("private network");
    expect((await refusal("https://hooks.example.com/", resolvesTo("127.0.0.1", PUBLIC_V4))).message).toContain("loopback");
    expect((await refusal("https://hooks.example.com/", resolvesTo(PUBLIC_V6, PUBLIC_V4, "169.254.169.254"))).message).toContain("link-local");
  });

  it.each([
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://10.1.2.3/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://0x7f.1/hook",
    "https://2130706433/hook",
    "https://017700000001/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fe80::1]/hook",
    // A public address is refused too: the host must be a name.
    `https://${PUBLIC_V4}/hook`,
    `https://[${PUBLIC_V6}]/hook`,
  ])("refuses the IP literal in %s without asking DNS", async (url) => {
    const lookup = resolvesTo(PUBLIC_V4);
    expect((await refusal(url, lookup)).message).toBe("The webhook URL must name its host (an IP address is not accepted).");
    expect(lookup.asked).toEqual([]);
  });

  it("refuses localhost by what it resolves to", async () => {
    expect((await refusal("https://localhost/hook", resolvesTo("127.0.0.1", "::1"))).message).toContain("loopback");
  });

  it.each([
    ["http://hooks.example.com/", "must start with https://"],
    ["ftp://hooks.example.com/", "must start with https://"],
    ["javascript:alert(1)", "must start with https://"],
    ["https://user:pass@hooks.example.com/", "must not contain a user name or password"],
    ["https://user@hooks.example.com/", "must not contain a user name or password"],
    ["hooks.example.com/soc", "is not a valid URL"],
    ["https://", "is not a valid URL"],
    [`https://hooks.example.com/${"a".repeat(2048)}`, "at most 2048 characters"],
  ])("refuses %s (%s)", async (url, reason) => {
    expect((await refusal(url)).message).toContain(reason);
  });

  it("refuses a name that does not resolve, saying so", async () => {
    expect((await refusal("https://nowhere.invalid/", doesNotResolve)).message).toBe("The webhook URL's host name does not resolve (ENOTFOUND).");
    expect((await refusal("https://empty.example/", resolvesTo())).message).toContain("does not resolve");
  });

  it("WEBHOOK_ALLOW_PRIVATE=1, read at each call, allows private addresses, IP literals and plain http:", async () => {
    await refusal("http://127.0.0.1:8080/hook");
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    const lookup = resolvesTo("10.0.0.5");
    await expect(assertWebhookUrl("http://127.0.0.1:8080/hook", { lookup })).resolves.toBeUndefined();
    await expect(assertWebhookUrl("https://[::1]/hook", { lookup })).resolves.toBeUndefined();
    await expect(assertWebhookUrl("http://intranet.example/hook", { lookup })).resolves.toBeUndefined();
    // Still a URL, still without credentials, still http(s).
    expect((await refusal("http://user:pw@127.0.0.1/", lookup, true)).message).toContain("user name or password");
    expect((await refusal("ftp://127.0.0.1/", lookup, true)).message).toContain("https:// or http://");
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    await refusal("http://127.0.0.1:8080/hook");
    process.env.WEBHOOK_ALLOW_PRIVATE = "true";
    await refusal("http://127.0.0.1:8080/hook");
  });
});

describe("the address a delivery connects to", () => {
  it("is the first address of a name whose addresses are all public", async () => {
    await expect(resolveDeliverableAddress(new URL("https://hooks.example.com/"), { lookup: resolvesTo(PUBLIC_V6, PUBLIC_V4) })).resolves.toEqual({
      address: PUBLIC_V6,
      family: 6,
    });
  });

  it("is refused (UnsafeAddressError) when the name now resolves to a private address, as after a DNS rebinding", async () => {
    for (const address of ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1"]) {
      const attempt = resolveDeliverableAddress(new URL("https://hooks.example.com/"), { lookup: resolvesTo(PUBLIC_V4, address) });
      await expect(attempt).rejects.toBeInstanceOf(UnsafeAddressError);
      await expect(attempt).rejects.not.toThrow(address);
    }
  });

  it("is refused for an IP literal or http: without WEBHOOK_ALLOW_PRIVATE, and allowed with it", async () => {
    await expect(resolveDeliverableAddress(new URL("https://127.0.0.1/"))).rejects.toBeInstanceOf(UnsafeAddressError);
    await expect(resolveDeliverableAddress(new URL("http://hooks.example.com/"), { lookup: resolvesTo(PUBLIC_V4) })).rejects.toBeInstanceOf(UnsafeAddressError);
    await expect(resolveDeliverableAddress(new URL("http://127.0.0.1:9/"), { allowPrivate: true })).resolves.toEqual({ address: "127.0.0.1", family: 4 });
    await expect(resolveDeliverableAddress(new URL("http://[::1]:9/"), { allowPrivate: true })).resolves.toEqual({ address: "::1", family: 6 });
  });

  it("fails with UnresolvableHostError when the name does not resolve", async () => {
    await expect(resolveDeliverableAddress(new URL("https://nowhere.invalid/"), { lookup: doesNotResolve })).rejects.toBeInstanceOf(UnresolvableHostError);
  });
});
