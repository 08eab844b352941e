// Sign-in with a passkey on its own (next-auth's "passkey" credentials provider): the browser's
// assertion for a discoverable credential names the user, and a verified one with user
// verification (the authenticator's PIN or biometrics) is both factors at once.
import type { User } from "next-auth";
import { z } from "zod";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address.mjs";
import { verifyPasskeyAuthentication } from "@/lib/passkeys/authentication";
import { openSession } from "./open-session";
import { headerGetter, parsePasskeyResponse, SIGN_IN_ERRORS } from "./sign-in";

const passkeyCredentialsSchema = z.object({ response: z.string().min(1).max(16 * 1024) });

export async function signInWithPasskey(credentials: unknown, headers: Record<string, unknown> | undefined): Promise<User | null> {
  const parsed = passkeyCredentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const request = headerGetter(headers);
  const address = clientAddressFrom(request);
  try {
    const verified = await verifyPasskeyAuthentication({ response: parsePasskeyResponse(parsed.data.response), headers: request, purpose: "authentication" });
    if (!verified) {
      console.info(`[sign-in] outcome=refused method=passkey address=${address ?? "unknown"}`);
      return null;
    }
    const user = await db().user.findUnique({ where: { id: verified.userId } });
    if (!user) return null;
    const signedIn = await openSession(user, "passkey", address, request.get("user-agent"));
    console.info(`[sign-in] outcome=signed_in method=passkey address=${address ?? "unknown"} user=${user.id}`);
    return signedIn;
  } catch (error) {
    console.error(`[sign-in] passkey sign-in failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    throw new Error(SIGN_IN_ERRORS.unavailable);
  }
}
