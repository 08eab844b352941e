import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
  }
  interface User {
    /** The server-side session created by this sign-in (lib/sessions). */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session this cookie belongs to. */
    sid?: string;
  }
}
