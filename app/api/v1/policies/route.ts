import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { updatePoliciesRequestSchema } from "@/lib/policies/schemas";
import { getPolicies, updatePolicies } from "@/lib/policies/service";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: await getPolicies(principal.accountId) })),

  PATCH: withSession(
    async ({ request, principal }) => {
      const input = await parseJsonBody(request, updatePoliciesRequestSchema);
      return Response.json({ data: await updatePolicies(sessionActor(principal, request, clientIp(request)), principal.userId, input) });
    },
    { permission: "policies:manage", reauth: true },
  ),
});
