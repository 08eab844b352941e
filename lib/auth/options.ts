// next-auth: email + password through the Credentials provider, a JWT in an HttpOnly cookie.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { resolveSecret } from "@/lib/config/runtime.mjs";
import { db } from "@/lib/db";
import { ipFromForwardedFor } from "@/lib/http/request";
import { clearFailedSignIns, isSignInBlocked, recordFailedSignIn } from "@/lib/ratelimit/sign-in-throttle";
import { verifyPasswordOrDummy } from "./password";
import { credentialsSchema } from "./schemas";

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return null;
}

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import, so `next build` needs no secret. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: resolveSecret(),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const ip = ipFromForwardedFor(headerValue(request?.headers, "x-forwarded-for"));
          // Every failure looks the same: unknown email, wrong password, or throttled.
          if (await isSignInBlocked(email, ip)) return null;
          const user = await db().user.findUnique({ where: { email } });
          const ok = await verifyPasswordOrDummy(password, user?.passwordHash ?? null);
          if (!user || !ok) {
            await recordFailedSignIn(email, ip);
            return null;
          }
          await clearFailedSignIns(email);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
  return cached;
}
