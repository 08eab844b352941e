import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { getKey, revokeKey } from "@/lib/keys/service";
import { keyIdParam } from "@/lib/keys/params";
import { presentKey } from "@/lib/keys/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ params, principal }) => {
    const { key, tier } = await getKey(principal.accountId, keyIdParam(params));
    return Response.json({ data: await presentKey(key, tier) });
  }),

  DELETE: withSession(async ({ request, params, principal }) => {
    const { key, tier } = await revokeKey(sessionActor(principal, request, clientIp(request)), keyIdParam(params));
    return Response.json({ data: await presentKey(key, tier) });
  }),
});
