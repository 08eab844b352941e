import { routeMethods } from "@/lib/http/methods";
import { withUserSession } from "@/lib/http/route";
import { reauthPasskeyOptions } from "@/lib/reauth/reauthenticate";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** A passkey challenge for re-authenticating, naming only the signed-in user's passkeys. */
  POST: withUserSession(async ({ request, principal }) => Response.json({ data: { options: await reauthPasskeyOptions(principal, request.headers) } })),
});
