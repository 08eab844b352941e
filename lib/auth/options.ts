// next-auth: email + password through the Credentials provider. The cookie is a JWT that carries
// only the user id and the id of a server-side session (lib/sessions), which can be ended.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { resolveSecret } from "@/lib/config/runtime.mjs";
import { redactSecrets } from "@/lib/http/errors";
import { sessionLifetime } from "@/lib/sessions/lifetime";
import { endSession, sessionIsLive } from "@/lib/sessions/store";
import { usesSecureCookies } from "./session-cookie";
import { signInWithPasskey } from "./passkey-sign-in";
import { signInWithPassword } from "./sign-in";

/** Thrown when a refresh names an ended session: next-auth then clears the cookie. */
class SessionEndedError extends Error {
  constructor() {
    super("The session was ended.");
    this.name = "SessionEndedError";
  }
}

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import, so `next build` needs no secret. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: resolveSecret(),
    useSecureCookies: usesSecureCookies(),
    // The cookie lasts as long as a session can; the server-side row decides before that.
    session: { strategy: "jwt", maxAge: Math.ceil(sessionLifetime().maxAgeMs / 1000) },
    pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          // For a user with a second factor: a current authenticator code or a recovery code,
          // or a passkey's assertion (JSON). Without either, such a sign-in fails with otp_required.
          otp: { label: "Code", type: "text" },
          passkey: { label: "Passkey", type: "text" },
        },
        authorize: (credentials, request) => signInWithPassword(credentials, request?.headers),
      }),
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: { response: { label: "Passkey assertion", type: "text" } },
        authorize: (credentials, request) => signInWithPasskey(credentials, request?.headers),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = user.sessionId;
          return token;
        }
        // A refresh (GET /api/auth/session) of an ended session must not hand out a new cookie.
        if (!token.sub || !token.sid || !(await sessionIsLive(token.sid, token.sub))) throw new SessionEndedError();
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sub && token.sid) await endSession(token.sub, token.sid, "signed_out");
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEndedError || (metadata as { error?: unknown })?.error instanceof SessionEndedError) return;
        console.error(`[next-auth] ${code}: ${redactSecrets(metadata instanceof Error ? metadata.message : JSON.stringify(metadata))}`);
      },
      warn(code) {
        console.warn(`[next-auth] warning: ${code}`);
      },
      debug() {},
    },
  };
  return cached;
}
