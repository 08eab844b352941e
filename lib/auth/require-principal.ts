import { redirect } from "next/navigation";
import { currentUser, asMember, type SessionPrincipal, type UserPrincipal } from "./session";

/** Where a member of an account that requires two-factor, without one, is sent to enrol. */
export const ENROL_PATH = "/settings/account?two_factor=required";

/** For pages about the user themselves (account settings, choosing an account): a signed-in user. */
export async function requireUser(returnTo: string): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * For pages of the current account: the member, or a redirect: to sign-in (coming back here), to
 * the account picker when the user was removed from the session's account, or to enrol in
 * two-factor when the account requires it.
 */
export async function requirePrincipal(returnTo: string): Promise<SessionPrincipal> {
  const user = await requireUser(returnTo);
  const principal = asMember(user);
  if (!principal) redirect("/accounts?removed=1");
  if (user.membership?.mustEnrolTwoFactor) redirect(ENROL_PATH);
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
