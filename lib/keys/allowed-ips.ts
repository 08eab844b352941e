// Where a key may be used from: up to 20 IPv4/IPv6 addresses or CIDR ranges, parsed with
// ipaddr.js. Parsing is strict, because a lenient parser widens an allowlist silently: ipaddr.js
// (like inet_aton) reads "010.0.0.1" as 8.0.0.1 and "10.1" as 10.0.0.1, so IPv4 must be four
// plain decimal parts. A range with host bits set ("10.1.2.3/8") is refused with the range it
// probably means, rather than guessed. IPv4-mapped IPv6 (::ffff:a.b.c.d) is stored as the IPv4
// address it maps, as the client address is (lib/http/client-address.mjs), so one rule matches
// either spelling. Stored and shown in canonical text (RFC 5952 for IPv6); an empty list or null
// means anywhere.
import ipaddr from "ipaddr.js";
import { z } from "zod";

export const MAX_ALLOWED_IPS = 20;
const MAX_ENTRY_LENGTH = 64;

type Parsed = { ok: true; canonical: string } | { ok: false; reason: string };

function canonicalAddress(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  return address.kind() === "ipv4" ? address.toString() : (address as ipaddr.IPv6).toRFC5952String();
}

/**
 * IPv4, alone or as the dotted end of an IPv6 address, must be four plain decimal numbers: not
 * "10.1", "0x0a.0.0.1", "010.0.0.1" (octal) or "167772161", which ipaddr.js accepts as inet_aton does.
 */
function hasLooseIPv4(text: string): boolean {
  if (!text.includes(":")) return !ipaddr.IPv4.isValidFourPartDecimal(text);
  const dotted = /([0-9a-fA-Fx.]+)$/.exec(text)?.[1] ?? "";
  return dotted.includes(".") && !ipaddr.IPv4.isValidFourPartDecimal(dotted);
}

/** One entry of an allowlist, as typed by a person: an address or a CIDR range. */
export function parseAllowedIp(input: string): Parsed {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "is empty" };
  if (text.includes("%")) return { ok: false, reason: "has a zone index (%…); list the address without it" };
  const [addressText = "", prefixText, ...rest] = text.split("/");
  if (rest.length > 0) return { ok: false, reason: "is not an address or a CIDR range" };
  if (!ipaddr.isValid(addressText) || hasLooseIPv4(addressText)) {
    return { ok: false, reason: "is not an IPv4 or IPv6 address (IPv4 is four decimal numbers, such as 203.0.113.7)" };
  }
  let address = ipaddr.parse(addressText);
  let bits = address.kind() === "ipv4" ? 32 : 128;
  if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return { ok: false, reason: "has a prefix length that is not a number" };
  let prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return { ok: false, reason: `has a prefix length over ${bits}` };
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    if (prefix < 96) return { ok: false, reason: "is an IPv4-mapped range shorter than /96; write the IPv4 range instead" };
    address = (address as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
    bits = 32;
  }
  const network = ipaddr.parse(canonicalAddress(address));
  const networkText = canonicalAddress(
    address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${network.toString()}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${network.toString()}/${prefix}`),
  );
  if (networkText !== canonicalAddress(address)) {
    return { ok: false, reason: `has bits set past its /${prefix} prefix; the range is ${networkText}/${prefix}` };
  }
  return { ok: true, canonical: prefix === bits ? networkText : `${networkText}/${prefix}` };
}

/**
 * `allowed_ips` in a request: a list (up to 20) or null. The output is canonical and without
 * duplicates; an empty list becomes null (anywhere). Each refusal names the entry and why.
 */
export const allowedIpsSchema = z
  .array(z.string().max(MAX_ENTRY_LENGTH, `Each allowed_ips entry must be at most ${MAX_ENTRY_LENGTH} characters.`), {
    error: "allowed_ips must be a list of IP addresses or CIDR ranges, or null for anywhere.",
  })
  .max(MAX_ALLOWED_IPS, `allowed_ips may list at most ${MAX_ALLOWED_IPS} addresses or ranges.`)
  .nullable()
  .transform((list, context) => {
    if (list === null) return null;
    const canonical: string[] = [];
    list.forEach((entry, index) => {
      const parsed = parseAllowedIp(entry);
      if (parsed.ok) {
        if (!canonical.includes(parsed.canonical)) canonical.push(parsed.canonical);
      } else {
        context.addIssue({ code: "custom", path: [index], message: `"${entry.trim()}" ${parsed.reason}.` });
      }
    });
    return canonical.length === 0 ? null : canonical;
  })
  .describe(
    "IPv4/IPv6 addresses and CIDR ranges the key may be used from (at most 20), such as `203.0.113.7` or `2001:db8::/48`. " +
      "IPv4-mapped IPv6 counts as IPv4. Null or an empty list: anywhere.",
  );

/** An allowlist ready to match against, built once when a key is loaded into the cache. */
export type AllowList = { v4: [ipaddr.IPv4, number][]; v6: [ipaddr.IPv6, number][] };

/** The stored column (a JSON array of canonical entries, or null) as a matcher, or null for anywhere. */
export function compileAllowList(stored: string | null): AllowList | null {
  if (stored === null) return null;
  const entries = JSON.parse(stored) as string[];
  if (entries.length === 0) return null;
  const list: AllowList = { v4: [], v6: [] };
  for (const entry of entries) {
    const range = ipaddr.parseCIDR(entry.includes("/") ? entry : `${entry}/${entry.includes(":") ? 128 : 32}`);
    if (range[0].kind() === "ipv4") list.v4.push(range as [ipaddr.IPv4, number]);
    else list.v6.push(range as [ipaddr.IPv6, number]);
  }
  return list;
}

/** The stored column as the API shows it. */
export function storedAllowedIps(stored: string | null): string[] | null {
  return stored === null ? null : (JSON.parse(stored) as string[]);
}

/**
 * Whether a request from `address` (the client address, already normalised: IPv4-mapped IPv6
 * arrives as IPv4) may use a key with this allowlist. An unknown address never matches a list.
 */
export function addressAllowed(list: AllowList | null, address: string | null): boolean {
  if (list === null) return true;
  if (address === null) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address); // parsed once: no separate isValid pass on the request path
  } catch {
    return false;
  }
  if (parsed.kind() === "ipv4") return list.v4.some((range) => parsed.match(range));
  return list.v6.some((range) => parsed.match(range));
}
