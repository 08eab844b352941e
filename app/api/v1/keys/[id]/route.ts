import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { updateKeyRequestSchema } from "@/lib/keys/schemas";
import { getKey, revokeKey, updateKey } from "@/lib/keys/service";
import { nameWarning } from "@/lib/keys/name-advice";
import { keyIdParam } from "@/lib/keys/params";
import { presentKey } from "@/lib/keys/view";
import { assertMayChangeKey } from "@/lib/permissions/check";
import { assertRecentAuth } from "@/lib/reauth/window";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(
    async ({ params, principal }) => {
      const { key, tier } = await getKey(principal.accountId, keyIdParam(params));
      return Response.json({ data: await presentKey(key, tier) });
    },
    { permission: "keys:read" },
  ),

  PATCH: withSession(async ({ request, params, principal }) => {
    const id = keyIdParam(params);
    const input = await parseJsonBody(request, updateKeyRequestSchema);
    // Where a key may be used from is a security setting (a stolen session must not widen it);
    // a rename is not, so it needs no fresh proof of identity.
    if (input.allowed_ips !== undefined) assertRecentAuth(principal);
    const { key, tier } = await updateKey(sessionActor(principal, request, clientIp(request)), id, input, (found) => assertMayChangeKey(principal, found));
    const warning = input.name === undefined ? null : nameWarning(key.name);
    return Response.json({ data: await presentKey(key, tier), ...(warning ? { meta: { name_warning: warning } } : {}) });
  }),

  DELETE: withSession(async ({ request, params, principal }) => {
    const { key, tier } = await revokeKey(sessionActor(principal, request, clientIp(request)), keyIdParam(params), (found) => assertMayChangeKey(principal, found));
    return Response.json({ data: await presentKey(key, tier) });
  }),
});
