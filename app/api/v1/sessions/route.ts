import { routeMethods } from "@/lib/http/methods";
import { withUserSession } from "@/lib/http/route";
import { listLiveSessions } from "@/lib/sessions/store";
import { presentSessions } from "@/lib/sessions/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) => {
    const sessions = await listLiveSessions(principal.userId);
    return Response.json({ data: presentSessions(sessions, principal.sessionId) });
  }),
});
