// The headers every HTML page is sent with that depend on the request (a fresh script nonce) or
// on the run-time environment (HSTS when the console is served over https). proxy.ts sets them;
// the static ones (Permissions-Policy, Referrer-Policy, X-Frame-Options, nosniff) are in
// next.config.mjs, which is read at build time.

/** Two years, subdomains included: what browsers' preload lists ask for. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: the per-request value a script must carry to run. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

export type PagePolicyOptions = {
  nonce: string;
  /** `next dev`: React's dev tooling needs eval (see below). Never true in production. */
  development: boolean;
};

/**
 * The Content-Security-Policy of a page. Scripts run only from this origin or with this
 * request's nonce, which Next puts on its own inline scripts (it reads it back from the
 * request's copy of this header). Nothing may frame the console (clickjacking of the reveal and
 * revoke dialogs), plugins are off, forms post only here, and <base> cannot re-point relative
 * URLs.
 */
export function contentSecurityPolicy({ nonce, development }: PagePolicyOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // No 'unsafe-inline' for scripts, ever. 'unsafe-eval' only under `next dev`: React uses eval
    // there to rebuild server error stacks in the browser; production React and Next never do.
    "script-src": ["'self'", `'nonce-${nonce}'`, ...(development ? ["'unsafe-eval'"] : [])],
    // Radix (dialog scroll lock) and sonner (toasts) inject <style> elements and style
    // attributes without a nonce. Styles cannot run code; a nonce here would also switch
    // 'unsafe-inline' off, so there is none.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** True when the console's public address (NEXTAUTH_URL) is https, so browsers may be told to never use http. */
export function servedOverHttps(publicUrl: string | undefined): boolean {
  if (!publicUrl) return false;
  try {
    return new URL(publicUrl.trim()).protocol === "https:";
  } catch {
    return false;
  }
}

export type PageSecurityHeaders = { "Content-Security-Policy": string; "Strict-Transport-Security"?: string };

/** Every request-dependent security header of one page response. */
export function pageSecurityHeaders(options: PagePolicyOptions & { publicUrl: string | undefined }): PageSecurityHeaders {
  const headers: PageSecurityHeaders = { "Content-Security-Policy": contentSecurityPolicy(options) };
  if (servedOverHttps(options.publicUrl)) headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY;
  return headers;
}
