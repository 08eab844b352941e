import { routeMethods } from "@/lib/http/methods";
import { withUserSession } from "@/lib/http/route";
import { listAccountsOf } from "@/lib/members/accounts";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) =>
    Response.json({ data: await listAccountsOf(principal.userId, principal.membership?.accountId ?? null) }),
  ),
});
