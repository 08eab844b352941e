/**
 * Browser features the console does not use are turned off for it and anything it might embed.
 * Kept: the clipboard (the reveal dialog copies a new key) and WebAuthn (passkeys are planned).
 */
const PERMISSIONS_POLICY = [
  ...[
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
  ].map((feature) => `${feature}=()`),
  "clipboard-read=(self)",
  "clipboard-write=(self)",
  "publickey-credentials-get=(self)",
  "publickey-credentials-create=(self)",
].join(", ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WebAssembly-backed database drivers stay outside the bundle and load at run
  // time, so one build serves SQLite or PostgreSQL depending on DATABASE_URL.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/client", "piscina"],
  // Fixed at build time: only values that never depend on the environment. The page policy
  // (CSP with a per-request nonce) and HSTS (only when NEXTAUTH_URL is https) are set by proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          // For browsers without CSP frame-ancestors; the page policy says the same.
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // Documents only: a JSON answer has no features to govern, and the Bearer path is hot.
        source: "/((?!api/).*)",
        headers: [{ key: "Permissions-Policy", value: PERMISSIONS_POLICY }],
      },
      {
        // Nothing under the API may be cached by a browser or proxy: responses can carry a key once.
        source: "/api/:path*",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
    ];
  },
};

export default nextConfig;
