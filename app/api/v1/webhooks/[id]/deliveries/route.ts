import { routeMethods } from "@/lib/http/methods";
import { parseQuery } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { webhookIdParam } from "@/lib/webhooks/params";
import { listDeliveriesQuerySchema } from "@/lib/webhooks/schemas";
import { listDeliveries } from "@/lib/webhooks/service";
import { toDeliveryView } from "@/lib/webhooks/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ request, params, principal }) => {
    const id = webhookIdParam(params);
    const { limit } = parseQuery(request, listDeliveriesQuerySchema);
    const deliveries = await listDeliveries(principal.accountId, id, limit);
    return Response.json({ data: deliveries.map(toDeliveryView) });
  }, { permission: "webhooks:read" }),
});
