// The app's HTTP server: Next's request handler behind a plain node:http server of our own, so
// the one thing Next cannot tell a route handler, the TCP peer's address, is decided here once
// (lib/http/client-address.mjs) before Next sees the request. Used by `npm start` and `npm run dev`.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";
import { installClientAddressToken, stampClientAddress, trustedProxyHops } from "../../lib/http/client-address.mjs";
import { createPasswordGate } from "../../lib/passwords/gate.mjs";

/** -p/--port and -H/--hostname, as `next start` takes them; PORT and 3000 otherwise. */
export function parseServeArgs(argv, env = process.env) {
  const options = { port: Number(env.PORT || 3000), hostname: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "-p" || flag === "--port") options.port = Number(value());
    else if (flag === "-H" || flag === "--hostname") options.hostname = value();
    else throw new Error(`Unknown option ${arg}. Use -p PORT and -H HOSTNAME.`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`Invalid port: ${options.port}.`);
  return options;
}

export async function serve({ dev, argv }) {
  const { port, hostname } = parseServeArgs(argv);
  const hops = trustedProxyHops();
  const token = randomBytes(16).toString("hex");
  const refuseWhenFull = createPasswordGate();
  installClientAddressToken(token);

  const app = next({ dev, hostname: hostname ?? "localhost", port, ...(dev ? { turbopack: true } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    if (refuseWhenFull(req, res)) return;
    stampClientAddress(req, hops, token);
    void handle(req, res);
  });
  // Idle keep-alive connections are closed by the client or the load balancer in front (typically
  // after 60 s), not by us after Node's default 5 s: a request sent on a connection the server is
  // closing at that moment fails with ECONNRESET (a 502 behind a balancer).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("upgrade", (req, socket, head) => {
    stampClientAddress(req, hops, token);
    void app.getUpgradeHandler()(req, socket, head);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve(undefined));
  });
  // Stop taking new connections at once on shutdown; the app's own handler (instrumentation.ts)
  // writes what it counted and exits.
  for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
  const shown = hostname && hostname !== "0.0.0.0" && hostname !== "::" ? hostname : "localhost";
  console.log(`> Ready on http://${shown}:${port} (${dev ? "development" : "production"}; client address: ${hops === 0 ? "TCP peer" : `X-Forwarded-For, ${hops} trusted proxy hop(s)`})`);
}
