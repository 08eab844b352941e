import { routeMethods } from "@/lib/http/methods";
import { withSession } from "@/lib/http/route";
import { endOtherSessions } from "@/lib/sessions/store";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** "Sign out everywhere else": every session of this user but the one making the request. */
  POST: withSession(async ({ principal }) => {
    const ended = await endOtherSessions(principal.userId, principal.sessionId, "ended_elsewhere");
    return Response.json({ data: { ended } });
  }),
});
