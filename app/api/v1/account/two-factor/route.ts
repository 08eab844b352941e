import { routeMethods } from "@/lib/http/methods";
import { withUserSession } from "@/lib/http/route";
import { twoFactorStatus } from "@/lib/two-factor/enrolment";

/** Whether the authenticator app is on and how many recovery codes are left; never a secret. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) => Response.json({ data: await twoFactorStatus(principal.userId) })),
});
