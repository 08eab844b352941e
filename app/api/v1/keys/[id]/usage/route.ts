import { withSessionOrApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { parseQuery } from "@/lib/http/request";
import { keyIdParam } from "@/lib/keys/params";
import { keyUsageQuerySchema, keyUsageReport } from "@/lib/usage/key-report";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSessionOrApiKey("usage:read", "usage:read", async ({ request, params, principal }) => {
    const { days } = parseQuery(request, keyUsageQuerySchema);
    return Response.json(await keyUsageReport(principal.accountId, keyIdParam(params), days));
  }),
});
