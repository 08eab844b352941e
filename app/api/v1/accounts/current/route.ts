import { routeMethods } from "@/lib/http/methods";
import { parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { switchAccount } from "@/lib/members/accounts";
import { switchAccountRequestSchema } from "@/lib/members/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withUserSession(async ({ request, principal }) => {
    const { account_id } = await parseJsonBody(request, switchAccountRequestSchema);
    return Response.json({ data: await switchAccount(principal, account_id) });
  }),
});
