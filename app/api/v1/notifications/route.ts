import { routeMethods } from "@/lib/http/methods";
import { parseQuery } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { listNotifications } from "@/lib/notifications/list";
import { listNotificationsQuerySchema } from "@/lib/notifications/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ request, principal }) => {
    const query = parseQuery(request, listNotificationsQuerySchema);
    return Response.json(await listNotifications(principal, query));
  }, { permission: "notifications:read" }),
});
