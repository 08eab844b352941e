import { withApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { describeKey } from "@/lib/keys/me";

// Every answer depends on the request's key: never static, and Next then hands the handler the
// request as it is instead of one wrapped to detect dynamic use.
export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withApiKey(null, ({ principal, rateLimits }) => Response.json(describeKey(principal, rateLimits))),
});
