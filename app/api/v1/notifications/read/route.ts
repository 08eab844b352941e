import { routeMethods } from "@/lib/http/methods";
import { parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { markRead } from "@/lib/notifications/list";
import { markReadRequestSchema } from "@/lib/notifications/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withSession(async ({ request, principal }) => {
    const { ids } = await parseJsonBody(request, markReadRequestSchema);
    return Response.json({ data: { unread_count: await markRead(principal, ids) } });
  }, { permission: "notifications:read" }),
});
