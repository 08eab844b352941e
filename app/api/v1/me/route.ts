import { withApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { describeKey } from "@/lib/keys/me";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withApiKey(null, async ({ principal, rateLimits }) => Response.json(describeKey(principal, rateLimits))),
});
