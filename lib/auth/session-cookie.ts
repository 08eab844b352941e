// The next-auth session cookie, read directly: decrypting it is all a request needs before the
// session row, so pages and API routes do not run next-auth's whole session handler per request.
import { decode } from "next-auth/jwt";
import { resolveSecret } from "@/lib/config/runtime.mjs";

/** next-auth's rule: secure (and __Secure- prefixed) cookies when the public URL is https. */
export function usesSecureCookies(): boolean {
  return (process.env.NEXTAUTH_URL ?? "").trim().toLowerCase().startsWith("https://");
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export type SessionClaims = { userId: string; sessionId: string };

/** The user and session ids a cookie value carries, or null for anything forged, expired or old. */
export async function readSessionCookie(value: string | undefined): Promise<SessionClaims | null> {
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: resolveSecret() });
    if (typeof token?.sub !== "string" || typeof token.sid !== "string") return null;
    return { userId: token.sub, sessionId: token.sid };
  } catch {
    return null;
  }
}
