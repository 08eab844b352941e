// Next 16's proxy (formerly middleware): gives every HTML page a fresh script nonce and the
// Content-Security-Policy that requires it, and HSTS when the console is served over https.
// Settings read here are read at run time, unlike next.config.mjs headers(), which are fixed at
// build time.
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageSecurityHeaders } from "@/lib/http/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const headers = pageSecurityHeaders({
    nonce: newNonce(),
    development: process.env.NODE_ENV === "development",
    publicUrl: process.env.NEXTAUTH_URL,
  });
  // Next reads the nonce back from the request's copy of the policy and puts it on the scripts it
  // renders. Whatever policy the client itself sent in that header is replaced.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Pages only. Not the API (the Bearer path is hot, and JSON needs no CSP), not Next's build
    // output and image optimiser, not /favicon.ico or other files served as they are.
    // Prefetches are not skipped (Next's example skips them): a browser's own document
    // prefetch (Purpose: prefetch) could later be shown without the policy.
    "/((?!api(?:/|$)|_next/static/|_next/image|.*\\.(?:ico|png|jpe?g|gif|svg|webp|avif|txt|xml|webmanifest|map|woff2?)$).*)",
  ],
};
