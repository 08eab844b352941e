// Who we are to an authenticator: the relying party's ID (a host name, hashed into every signed
// authenticator data), its display name, and the one origin a browser must report. From
// NEXTAUTH_URL when set (the console's public address), else from the request the way
// lib/http/request.ts reads its own origin. A passkey is bound to the RP ID it was made for, so
// changing the public host name orphans every passkey.

/** Route handlers pass request.headers; next-auth's authorize passes an adapter over its record. */
export type HeaderGetter = { get(name: string): string | null };

export type RelyingParty = { id: string; name: string; origin: string };

export const RP_NAME = "SOC Platform";

export function relyingParty(headers: HeaderGetter): RelyingParty {
  const configured = process.env.NEXTAUTH_URL?.trim();
  if (configured) {
    try {
      const url = new URL(configured);
      return { id: url.hostname, name: RP_NAME, origin: url.origin };
    } catch {
      // next-auth reports an invalid NEXTAUTH_URL itself; fall back to the request.
    }
  }
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host) throw new Error("No Host header and no NEXTAUTH_URL: cannot tell which site this is.");
  const proto = headers.get("x-forwarded-proto") ?? "http";
  const origin = new URL(`${proto}://${host}`);
  return { id: origin.hostname, name: RP_NAME, origin: origin.origin };
}
