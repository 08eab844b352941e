import { ApiError } from "@/lib/http/errors";
import { routeMethods } from "@/lib/http/methods";
import { withSession } from "@/lib/http/route";
import { sessionIdParam } from "@/lib/sessions/params";
import { endSession } from "@/lib/sessions/store";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Signs that browser out at once; another user's session, or an ended one, is a 404. */
  DELETE: withSession(async ({ params, principal }) => {
    const ended = await endSession(principal.userId, sessionIdParam(params), "ended_by_user");
    if (!ended) throw new ApiError("not_found", "No such session.");
    return new Response(null, { status: 204 });
  }),
});
