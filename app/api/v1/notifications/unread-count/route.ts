import { routeMethods } from "@/lib/http/methods";
import { withSession } from "@/lib/http/route";
import { unreadCount } from "@/lib/notifications/list";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: { unread_count: await unreadCount(principal) } }), { permission: "notifications:read" }),
});
