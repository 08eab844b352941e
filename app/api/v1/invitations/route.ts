import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { createInvitationRequestSchema } from "@/lib/invitations/schemas";
import { createInvitation, listInvitations } from "@/lib/invitations/service";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: await listInvitations(principal) }), { permission: "members:manage" }),

  POST: withSession(
    async ({ request, principal }) => {
      const input = await parseJsonBody(request, createInvitationRequestSchema);
      const { invitation, emailed, url } = await createInvitation(principal, sessionActor(principal, request, clientIp(request)), input);
      return Response.json({ data: invitation, meta: { emailed, ...(url ? { url } : {}) } }, { status: 201 });
    },
    { permission: "members:manage", reauth: true },
  ),
});
