// Admission at the door for the requests that hash a password (sign-in, sign-up, password
// change). Each costs ~300 ms of bcrypt, so an instance can only ever be checking a handful; a
// request beyond those is refused here, before Next parses it, for a few microseconds instead of
// the milliseconds a trip through the framework costs. Without this, a burst of 200 sign-ins
// queues 200 trips through next-auth ahead of every other request (health, Bearer calls).
import { hashingCapacity } from "./capacity.mjs";

const NEXT_AUTH_SIGN_IN = "/api/auth/callback/credentials";
const ENVELOPE_PATHS = new Set(["/api/v1/signup", "/api/v1/account/password"]);
const RETRY_AFTER_SECONDS = "2";
const MESSAGE = "Too many sign-ins are being checked right now. Try again in a few seconds.";

function pathOf(url) {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** next-auth's client parses the url as absolute; only its error parameter is read. */
function publicOrigin(req) {
  try {
    if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  } catch {
    // An invalid NEXTAUTH_URL stops the server at start; never here.
  }
  return `http://${req.headers.host ?? "localhost"}`;
}

/**
 * Returns a function that, given (req, res), either answers a refusal and returns true, or counts
 * the request in until its response closes and returns false.
 */
export function createPasswordGate(env = process.env) {
  const limit = hashingCapacity(env).inFlight;
  let inFlight = 0;
  // Refusals are told in the log once per 10 s at most, with their count, not once each.
  let refused = 0;
  let lastReport = 0;
  const report = () => {
    const now = Date.now();
    if (now - lastReport < 10_000) return;
    console.warn(`[passwords] busy: ${refused} password request(s) refused at the door since the last report (${limit} may be in flight at once).`);
    refused = 0;
    lastReport = now;
  };
  return function refuseWhenFull(req, res) {
    if (req.method !== "POST") return false;
    const path = pathOf(req.url ?? "");
    const isSignIn = path === NEXT_AUTH_SIGN_IN;
    if (!isSignIn && !ENVELOPE_PATHS.has(path)) return false;
    if (inFlight >= limit) {
      // Sign-in answers the way next-auth answers its own errors ({ url } of the sign-in page with
      // an error code the form knows); the app's API answers in its error envelope.
      const body = isSignIn
        ? { url: new URL("/sign-in?error=SignInBusy", publicOrigin(req)).toString() }
        : { error: { code: "service_unavailable", message: MESSAGE } };
      res.writeHead(503, { "content-type": "application/json", "retry-after": RETRY_AFTER_SECONDS, "cache-control": "no-store" });
      res.end(JSON.stringify(body));
      refused++;
      report();
      return true;
    }
    inFlight++;
    res.once("close", () => inFlight--);
    return false;
  };
}
