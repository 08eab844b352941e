import { withApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { describeKeyJson } from "@/lib/keys/me";

// Every answer depends on the request's key: never static, and Next then hands the handler the
// request as it is instead of one wrapped to detect dynamic use.
export const dynamic = "force-dynamic";

// What Response.json would set; the body is already JSON text (lib/keys/me.ts serialises the
// key's fixed fields once per key load).
const JSON_TYPE = { "Content-Type": "application/json" };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withApiKey(null, ({ principal, rateLimits }) => new Response(describeKeyJson(principal, rateLimits), { headers: JSON_TYPE })),
});
