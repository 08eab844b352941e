import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { endSessionsElsewhere } from "@/lib/sessions/ending";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** "Sign out everywhere else": every session of this user but the one making the request. */
  POST: withUserSession(async ({ request, principal }) => {
    const ended = await endSessionsElsewhere({ ...sessionActor(principal, request, clientIp(request)), userId: principal.userId }, principal.sessionId);
    return Response.json({ data: { ended } });
  }),
});
