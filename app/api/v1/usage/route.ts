import { withApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { usageReport } from "@/lib/usage/report";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withApiKey("usage:read", async ({ principal }) => Response.json(await usageReport(principal.accountId))),
});
