import { sessionActor } from "@/lib/audit/record";
import { ApiError } from "@/lib/http/errors";
import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { endOneSession } from "@/lib/sessions/ending";
import { sessionIdParam } from "@/lib/sessions/params";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Signs that browser out at once; another user's session, or an ended one, is a 404. */
  DELETE: withUserSession(async ({ request, params, principal }) => {
    const ended = await endOneSession({ ...sessionActor(principal, request, clientIp(request)), userId: principal.userId }, sessionIdParam(params));
    if (!ended) throw new ApiError("not_found", "No such session.");
    return new Response(null, { status: 204 });
  }),
});
