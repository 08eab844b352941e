import { ApiError } from "@/lib/http/errors";
import { withSession } from "@/lib/http/route";
import { sessionIdParam } from "@/lib/sessions/params";
import { endSession } from "@/lib/sessions/store";

/** Signs that browser out at once; another user's session, or an ended one, is a 404. */
export const DELETE = withSession(async ({ params, principal }) => {
  const ended = await endSession(principal.userId, sessionIdParam(params), "ended_by_user");
  if (!ended) throw new ApiError("not_found", "No such session.");
  return new Response(null, { status: 204 });
});
