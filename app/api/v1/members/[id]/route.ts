import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { changeRoleRequestSchema, memberIdParam } from "@/lib/members/schemas";
import { changeRole, removeMember } from "@/lib/members/service";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PATCH: withSession(
    async ({ request, params, principal }) => {
      const id = memberIdParam(params);
      const { role } = await parseJsonBody(request, changeRoleRequestSchema);
      return Response.json({ data: await changeRole(principal, sessionActor(principal, request, clientIp(request)), id, role) });
    },
    { permission: "members:manage", reauth: true },
  ),

  // Removing someone needs members:manage (owners:manage for an owner); leaving needs nothing: the service decides.
  DELETE: withSession(
    async ({ request, params, principal }) => {
      const id = memberIdParam(params);
      return Response.json({ data: await removeMember(principal, sessionActor(principal, request, clientIp(request)), id) });
    },
    { reauth: true },
  ),
});
