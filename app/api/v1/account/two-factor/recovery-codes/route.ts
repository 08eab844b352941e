import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { regenerateRecoveryCodes } from "@/lib/two-factor/enrolment";

/** Ten new recovery codes; the old ones stop working. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withUserSession(
    async ({ request, principal }) => {
      const codes = await regenerateRecoveryCodes(principal, { address: clientIp(request), userAgent: request.headers.get("user-agent") });
      return Response.json({ data: { recovery_codes: codes } }, { status: 201, headers: { "Cache-Control": "no-store" } });
    },
    { reauth: true },
  ),
});
