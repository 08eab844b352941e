import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { changePassword } from "@/lib/users/password-change";
import { changePasswordSchema } from "@/lib/users/schemas";

/** Needs the current password; signs out every other session of this user. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withUserSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, changePasswordSchema);
    const { otherSessionsEnded } = await changePassword(principal, input, sessionActor(principal, request, clientIp(request)));
    return Response.json({ data: { other_sessions_ended: otherSessionsEnded } });
  }, { reauth: true }),
});
