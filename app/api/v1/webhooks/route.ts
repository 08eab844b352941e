import { sessionActor } from "@/lib/audit/record";
import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { createWebhookRequestSchema, WEBHOOK_SECRET_WARNING } from "@/lib/webhooks/schemas";
import { createWebhook, listWebhooks } from "@/lib/webhooks/service";
import { toCreatedWebhookView, toWebhookView } from "@/lib/webhooks/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => {
    const endpoints = await listWebhooks(principal.accountId);
    return Response.json({ data: endpoints.map(toWebhookView) });
  }, { permission: "webhooks:read" }),

  POST: withSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, createWebhookRequestSchema);
    const { endpoint, secret } = await createWebhook(sessionActor(principal, request, clientIp(request)), input);
    return Response.json({ data: toCreatedWebhookView(endpoint, secret), meta: { warning: WEBHOOK_SECRET_WARNING } }, { status: 201 });
  }, { permission: "webhooks:manage", reauth: true }),
});
