import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { addPasskey } from "@/lib/passkeys/registration";
import { addPasskeyRequestSchema } from "@/lib/passkeys/schemas";
import { listPasskeys } from "@/lib/passkeys/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) => Response.json({ data: await listPasskeys(principal.userId) })),

  /** The authenticator's answer to the registration options; the first passkey also brings recovery codes. */
  POST: withUserSession(
    async ({ request, principal }) => {
      const input = await parseJsonBody(request, addPasskeyRequestSchema);
      const actor = { ...sessionActor(principal, request, clientIp(request)), userId: principal.userId };
      const { passkey, recoveryCodes } = await addPasskey(actor, input, request.headers);
      return Response.json({ data: { passkey, recovery_codes: recoveryCodes } }, { status: 201 });
    },
    { reauth: true },
  ),
});
