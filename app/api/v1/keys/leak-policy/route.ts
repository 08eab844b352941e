import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { getLeakPolicy, setLeakPolicy } from "@/lib/leaks/policy";
import { updateLeakPolicyRequestSchema } from "@/lib/leaks/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: { policy: await getLeakPolicy(principal.accountId) } }), { permission: "keys:read" }),

  PATCH: withSession(async ({ request, principal }) => {
    const { policy } = await parseJsonBody(request, updateLeakPolicyRequestSchema);
    return Response.json({ data: { policy: await setLeakPolicy(sessionActor(principal, request, clientIp(request)), policy) } });
  }, { permission: "policies:manage", reauth: true }),
});
