import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession, withUserSession } from "@/lib/http/route";
import { acceptInvitation } from "@/lib/invitations/service";
import { joinRequestSchema } from "@/lib/members/schemas";
import { listMembers } from "@/lib/members/service";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: await listMembers(principal) }), { permission: "members:read" }),

  // Joining with an invitation: any signed-in user, whichever account their session is on.
  POST: withUserSession(async ({ request, principal }) => {
    const { token } = await parseJsonBody(request, joinRequestSchema);
    const { member, account } = await acceptInvitation(
      { userId: principal.userId, sessionId: principal.sessionId, email: principal.email, ip: clientIp(request), userAgent: request.headers.get("user-agent") },
      token,
    );
    return Response.json({ data: member, meta: { account } }, { status: 201 });
  }),
});
