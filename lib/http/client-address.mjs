// Who is on the other end of a request, decided once, by the server that owns the socket.
// TRUST_PROXY_HOPS says how many proxies in front of the app append to X-Forwarded-For:
//   0 (default): the address is the TCP peer; forwarding headers sent by clients are dropped,
//                so nobody reachable directly can pick their own address.
//   N:           the address is the N-th X-Forwarded-For entry from the right (the one the
//                outermost trusted proxy saw); entries further left are whatever the client claimed.
// Plain JavaScript: the custom server (scripts/serve.mjs) runs it before Next sees the request.
import { isIP } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-soc-client-address";
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];
const MAX_HOPS = 10;

/** TRUST_PROXY_HOPS as a whole number from 0 to 10; anything else stops the server with a reason. */
export function trustedProxyHops(value = process.env.TRUST_PROXY_HOPS) {
  const raw = (value ?? "").trim();
  if (raw === "") return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_HOPS) {
    throw new Error(`TRUST_PROXY_HOPS must be a whole number from 0 to ${MAX_HOPS} (the proxies in front of the app), not "${raw}".`);
  }
  return Number(raw);
}

/** An address as written by a socket or a proxy: IPv4-mapped IPv6 becomes IPv4; ports and brackets go. */
export function normaliseAddress(value) {
  if (typeof value !== "string") return null;
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1];
  return isIP(text) === 0 ? null : text.toLowerCase();
}

/**
 * The client address of a request, given its TCP peer and X-Forwarded-For value(s). With N hops
 * and fewer than N entries the left-most entry is the furthest anyone trusted vouches for.
 */
export function resolveClientAddress(peer, forwardedFor, hops) {
  const peerAddress = normaliseAddress(peer);
  if (hops === 0) return peerAddress;
  const raw = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const entries = raw.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (entries.length === 0) return peerAddress;
  const chosen = entries[Math.max(0, entries.length - hops)];
  // A proxy that wrote something other than an address ("unknown"): fall back to the peer.
  return normaliseAddress(chosen) ?? peerAddress;
}

/**
 * Rewrites an incoming request's headers in place: with no trusted proxy, forwarding headers the
 * client sent are removed (Next then fills X-Forwarded-* from the socket); the resolved address
 * goes into CLIENT_ADDRESS_HEADER prefixed by this process's token, which the app checks, so a
 * client-sent copy of that header never counts.
 */
export function stampClientAddress(req, hops, token) {
  const address = resolveClientAddress(req.socket?.remoteAddress, req.headers["x-forwarded-for"], hops);
  if (hops === 0) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers[CLIENT_ADDRESS_HEADER] = `${token} ${address ?? "unknown"}`;
}

const TOKEN_KEY = "__socClientAddressToken";
let warnedUnknown = false;

/** Called once by the custom server: the token that proves a stamped header came from it. */
export function installClientAddressToken(token) {
  globalThis[TOKEN_KEY] = token;
}

/**
 * The address the custom server stamped on this request, or null when it is unknown (the app was
 * started some other way than scripts/serve.mjs, e.g. a bare `next start`: then nothing from the
 * request is trusted, and this is said once in the log).
 * @param {{ get(name: string): string | null }} headers
 */
export function clientAddressFrom(headers) {
  const token = globalThis[TOKEN_KEY];
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  if (typeof token !== "string" || value === null || !value.startsWith(`${token} `)) {
    if (!warnedUnknown) {
      warnedUnknown = true;
      console.error("[http] client addresses are unknown: start the app with `npm start` (scripts/serve.mjs), which resolves them from the socket and TRUST_PROXY_HOPS.");
    }
    return null;
  }
  const address = value.slice(token.length + 1);
  return address === "unknown" ? null : address;
}
