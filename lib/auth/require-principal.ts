import { redirect } from "next/navigation";
import { currentPrincipal, type SessionPrincipal } from "./session";

/** For pages in the signed-in area: the principal, or a redirect to sign-in that comes back here. */
export async function requirePrincipal(returnTo: string): Promise<SessionPrincipal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return principal;
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/settings/api-keys"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  return raw;
}
