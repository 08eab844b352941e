import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { keyIdParam } from "@/lib/keys/params";
import { KEY_WARNING, rotateKeyRequestSchema } from "@/lib/keys/schemas";
import { rotateKey } from "@/lib/keys/service";
import { creatorIs, toCreatedKeyView } from "@/lib/keys/view";
import { assertMayChangeKey } from "@/lib/permissions/check";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withSession(async ({ request, params, principal }) => {
    const id = keyIdParam(params);
    const input = await parseJsonBody(request, rotateKeyRequestSchema);
    const { key, tier, fullKey, oldKeyId, oldKeyStopsAt } = await rotateKey(sessionActor(principal, request, clientIp(request)), id, input, (found) =>
      assertMayChangeKey(principal, found),
    );
    return Response.json(
      {
        data: toCreatedKeyView(key, tier, fullKey, creatorIs(principal)),
        meta: { warning: KEY_WARNING, rotated_from: { id: oldKeyId, stops_working_at: oldKeyStopsAt.toISOString() } },
      },
      { status: 201 },
    );
  }, { reauth: true }),
});
