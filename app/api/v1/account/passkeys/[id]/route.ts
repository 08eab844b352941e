import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { passkeyIdParam } from "@/lib/passkeys/params";
import { removePasskey, renamePasskey } from "@/lib/passkeys/registration";
import { renamePasskeyRequestSchema } from "@/lib/passkeys/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PATCH: withUserSession(async ({ request, params, principal }) => {
    const id = passkeyIdParam(params);
    const { name } = await parseJsonBody(request, renamePasskeyRequestSchema);
    return Response.json({ data: await renamePasskey(principal.userId, id, name) });
  }),

  /** Another user's passkey answers 404; removing the last second factor drops the recovery codes. */
  DELETE: withUserSession(
    async ({ request, params, principal }) => {
      const id = passkeyIdParam(params);
      await removePasskey({ ...sessionActor(principal, request, clientIp(request)), userId: principal.userId }, id);
      return new Response(null, { status: 204 });
    },
    { reauth: true },
  ),
});
