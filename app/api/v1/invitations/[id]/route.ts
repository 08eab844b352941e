import { sessionActor } from "@/lib/audit/record";
import { ApiError } from "@/lib/http/errors";
import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { revokeInvitation } from "@/lib/invitations/service";

function invitationIdParam(params: Record<string, string | string[]>): string {
  const id = params.id;
  if (typeof id !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new ApiError("not_found", "No such invitation.");
  return id.toLowerCase();
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // Revoking needs no fresh proof of identity: like revoking a key, stopping access stays one click.
  DELETE: withSession(
    async ({ request, params, principal }) =>
      Response.json({ data: await revokeInvitation(principal, sessionActor(principal, request, clientIp(request)), invitationIdParam(params)) }),
    { permission: "members:manage" },
  ),
});
