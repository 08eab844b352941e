// Where a webhook may be sent: a public https: address and nothing else, so an endpoint URL
// cannot turn the platform into a proxy into its own network (SSRF): no loopback, private,
// carrier-grade NAT, link-local (the cloud metadata service at 169.254.169.254), unspecified,
// multicast, broadcast or reserved address, in IPv4 or IPv6, nor an IPv6 form that carries one of
// those IPv4 addresses (IPv4-mapped, NAT64, 6to4). The host must be a name, never an IP literal,
// and every address the name resolves to must be public: one private address among public ones
// is enough to refuse, since the connection could go to any of them.
//
// Checked twice: when a URL is saved (assertWebhookUrl: a 400 that says why) and at every
// delivery (resolveDeliverableAddress: the address to connect to, so a name that changes its
// answer between the check and the connection, DNS rebinding, still cannot reach a private one).
// WEBHOOK_ALLOW_PRIVATE=1 (read at each call) lifts the address rules and allows plain http:, for
// development and tests whose receivers listen on 127.0.0.1.
import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { ApiError } from "@/lib/http/errors";
import { MAX_WEBHOOK_URL_LENGTH } from "./schemas";


export type ResolvedAddress = { address: string; family: number };
/** Every address a host name resolves to, in the resolver's order (dns.lookup with all and verbatim). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type GuardOptions = {
  /** Lift the address rules and allow http:. Defaults to WEBHOOK_ALLOW_PRIVATE=1, read at the call. */
  allowPrivate?: boolean;
  /** The resolver; dns.lookup by default. Tests pass their own to make a name resolve anywhere. */
  lookup?: Resolver;
};

/** A delivery refused because of where its URL points now (not a network failure). */
export class UnsafeAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeAddressError";
  }
}

/** A host name that does not resolve (now). At delivery time this is a failure like any other. */
export class UnresolvableHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnresolvableHostError";
  }
}

export function allowPrivateFromEnv(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE?.trim() === "1";
}

export const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Why an address is not a public one, as a phrase ("a loopback address"); null when it is public. */
export function unsafeAddressReason(text: string): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it maps.
    address = ipaddr.process(text);
  } catch {
    return "not an IP address";
  }
  if (address.kind() === "ipv4") return ipv4Reason(address as ipaddr.IPv4);
  return ipv6Reason(address as ipaddr.IPv6);
}

const RANGE_REASONS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  uniqueLocal: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  linkLocal: "a link-local address (such as the cloud metadata service)",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
};

function ipv4Reason(address: ipaddr.IPv4): string | null {
  const range = address.range();
  if (range === "unicast") return null;
  return RANGE_REASONS[range] ?? "a reserved address";
}

const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number];
const NAT64 = ipaddr.parseCIDR("64:ff9b::/96") as [ipaddr.IPv6, number];
const IPV4_TRANSLATED = ipaddr.parseCIDR("::ffff:0:0:0/96") as [ipaddr.IPv6, number];

function embeddedIPv4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function ipv6Reason(address: ipaddr.IPv6): string | null {
  const parts = address.parts;
  // Forms that carry an IPv4 address are judged by that address: NAT64 (64:ff9b::a.b.c.d), the
  // IPv4-translated form (::ffff:0:a.b.c.d) and 6to4 (2002:aabb:ccdd::).
  if (address.match(NAT64) || address.match(IPV4_TRANSLATED)) return ipv4Reason(embeddedIPv4(parts[6]!, parts[7]!));
  const range = address.range();
  if (range === "6to4") return ipv4Reason(embeddedIPv4(parts[1]!, parts[2]!));
  if (RANGE_REASONS[range]) return RANGE_REASONS[range]!;
  // Only global unicast (2000::/3) outside every special range is public; the rest of the space
  // (::/8 with the deprecated IPv4-compatible form, teredo, documentation, benchmarking...) is not.
  if (range === "unicast" && address.match(GLOBAL_UNICAST)) return null;
  return "a reserved address";
}

/** The URL's host as an IP address, when it is one (the URL parser has already made 0x7f.1 and 2130706433 into 127.0.0.1). */
function ipLiteral(hostname: string): string | null {
  if (hostname.startsWith("[") && hostname.endsWith("]")) return hostname.slice(1, -1);
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return hostname;
  return null;
}

/** The URL's shape: why it cannot be a webhook URL whatever it resolves to, or null. */
function shapeProblem(url: URL, allowPrivate: boolean): string | null {
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    return allowPrivate ? "must start with https:// or http://" : "must start with https://";
  }
  if (url.username !== "" || url.password !== "") return "must not contain a user name or password";
  if (url.hostname === "") return "has no host name";
  if (!allowPrivate && ipLiteral(url.hostname) !== null) return "must name its host (an IP address is not accepted)";
  return null;
}

/** A phrase for why the name's addresses are refused, naming the kind of address, never the addresses. */
function refusedAddresses(addresses: ResolvedAddress[]): string | null {
  for (const { address } of addresses) {
    const reason = unsafeAddressReason(address);
    if (reason) return `resolves to ${reason}; webhooks go to public addresses only`;
  }
  return null;
}

async function resolve(hostname: string, lookup: Resolver): Promise<ResolvedAddress[]> {
  try {
    const addresses = await lookup(hostname);
    if (addresses.length === 0) throw new Error("no addresses");
    return addresses;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UnresolvableHostError(`the host name ${hostname} does not resolve${typeof code === "string" ? ` (${code})` : ""}`);
  }
}

function invalidUrl(problem: string): ApiError {
  return new ApiError("invalid_request", `The webhook URL${problem.startsWith("'") ? "" : " "}${problem}.`, { details: { fields: ["url"] } });
}

/** Whether a URL may be saved as an endpoint: throws 400 invalid_request naming the reason. */
export async function assertWebhookUrl(text: string, options: GuardOptions = {}): Promise<void> {
  const allowPrivate = options.allowPrivate ?? allowPrivateFromEnv();
  if (text.length > MAX_WEBHOOK_URL_LENGTH) throw invalidUrl(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidUrl("is not a valid URL");
  }
  const problem = shapeProblem(url, allowPrivate);
  if (problem) throw invalidUrl(problem);
  if (allowPrivate || ipLiteral(url.hostname) !== null) return;
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(url.hostname, options.lookup ?? defaultResolver);
  } catch (error) {
    throw invalidUrl(error instanceof Error ? error.message.replace(/^the host name \S+/, "'s host name") : "'s host name does not resolve");
  }
  const refused = refusedAddresses(addresses);
  if (refused) throw invalidUrl(`'s host name ${refused}`);
}

/**
 * The address to connect to for a delivery, checked now: the first the name resolves to, once
 * every one of them is known to be public. Throws UnsafeAddressError when the URL or any address
 * is refused, UnresolvableHostError when the name does not resolve.
 */
export async function resolveDeliverableAddress(url: URL, options: GuardOptions = {}): Promise<{ address: string; family: 4 | 6 }> {
  const allowPrivate = options.allowPrivate ?? allowPrivateFromEnv();
  const problem = shapeProblem(url, allowPrivate);
  if (problem) throw new UnsafeAddressError(`refused: the URL ${problem}`);
  const literal = ipLiteral(url.hostname);
  const addresses = literal !== null ? [{ address: literal, family: literal.includes(":") ? 6 : 4 }] : await resolve(url.hostname, options.lookup ?? defaultResolver);
  if (!allowPrivate) {
    const refused = refusedAddresses(addresses);
    if (refused) throw new UnsafeAddressError(`refused: the host name ${refused}`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
