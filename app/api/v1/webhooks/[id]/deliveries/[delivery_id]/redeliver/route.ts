import { routeMethods } from "@/lib/http/methods";
import { withSession } from "@/lib/http/route";
import { takeManualSend } from "@/lib/webhooks/send-throttle";
import { deliveryIdParam, webhookIdParam } from "@/lib/webhooks/params";
import { redeliver } from "@/lib/webhooks/service";
import { toDeliveryView } from "@/lib/webhooks/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withSession(async ({ params, principal }) => {
    await takeManualSend(principal.accountId);
    const delivery = await redeliver(principal.accountId, webhookIdParam(params), deliveryIdParam(params));
    return Response.json({ data: toDeliveryView(delivery) }, { status: 202 });
  }, { permission: "webhooks:manage" }),
});
