import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { assertRecentAuth } from "@/lib/reauth/window";
import { webhookIdParam } from "@/lib/webhooks/params";
import { updateWebhookRequestSchema } from "@/lib/webhooks/schemas";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/service";
import { toWebhookView } from "@/lib/webhooks/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ params, principal }) => {
    return Response.json({ data: toWebhookView(await getWebhook(principal.accountId, webhookIdParam(params))) });
  }, { permission: "webhooks:read" }),

  PATCH: withSession(async ({ request, params, principal }) => {
    const id = webhookIdParam(params);
    const input = await parseJsonBody(request, updateWebhookRequestSchema);
    // Where events go, and silencing them (pausing, dropping events), are security settings: a
    // stolen session must not redirect or mute alerts. Adding events, renaming and enabling are not.
    const endpoint = await updateWebhook(sessionActor(principal, request, clientIp(request)), id, input, {
      confirmSensitiveChange: () => assertRecentAuth(principal),
    });
    return Response.json({ data: toWebhookView(endpoint) });
  }, { permission: "webhooks:manage" }),

  DELETE: withSession(
    async ({ request, params, principal }) => {
      await deleteWebhook(sessionActor(principal, request, clientIp(request)), webhookIdParam(params));
      return new Response(null, { status: 204 });
    },
    { permission: "webhooks:manage", reauth: true },
  ),
});
