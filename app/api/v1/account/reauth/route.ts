import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { reauthenticate, reauthStatus } from "@/lib/reauth/reauthenticate";
import { reauthRequestSchema } from "@/lib/reauth/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** When this session last proved who it is, until when that counts, and which proofs it can give. */
  GET: withUserSession(async ({ principal }) => Response.json({ data: await reauthStatus(principal) })),

  /** Sudo mode: a fresh proof of identity opens the window for sensitive changes again. */
  POST: withUserSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, reauthRequestSchema);
    await reauthenticate(principal, input, sessionActor(principal, request, clientIp(request)), request.headers);
    return new Response(null, { status: 204 });
  }),
});
