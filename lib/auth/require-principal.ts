import { redirect } from "next/navigation";
import { currentPrincipal, type SessionPrincipal } from "./session";

/** For pages in the signed-in area: the principal, or a redirect to sign-in that comes back here. */
export async function requirePrincipal(returnTo: string): Promise<SessionPrincipal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return principal;
}

/**
 * A fixed origin to resolve return paths against. Which one does not matter: only whether the
 * value keeps it. `.invalid` can never be a real host.
 */
const RETURN_PATH_BASE = new URL("http://return-path.invalid");

/**
 * Only same-site paths are followed after sign-in, never another origin. The value is read the
 * way the browser will read it, with the WHATWG URL parser: that parser drops tabs and newlines
 * anywhere (`/<TAB>/evil.example` is `//evil.example`), reads `\` as `/`, and resolves dot
 * segments (`/.//evil.example` is the path `//evil.example`, which a browser would then follow as
 * a protocol-relative address). What is returned is the parser's own serialisation of path,
 * query and fragment, so what was checked is exactly what the browser is given.
 */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/settings/api-keys"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  // Only an absolute path: anything else (a scheme, a relative path) has no business here.
  if (!raw || !raw.startsWith("/")) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(raw, RETURN_PATH_BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== RETURN_PATH_BASE.origin) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  // Belt and braces: the result, read again, must still stay on the same origin.
  let reparsed: URL;
  try {
    reparsed = new URL(path, RETURN_PATH_BASE);
  } catch {
    return fallback;
  }
  return reparsed.origin === RETURN_PATH_BASE.origin ? path : fallback;
}
