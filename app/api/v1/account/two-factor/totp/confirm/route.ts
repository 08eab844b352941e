import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { confirmTotpEnrolment } from "@/lib/two-factor/enrolment";
import { codeInputSchema } from "@/lib/two-factor/schemas";

/** A code from the pending secret turns the app on; the first time, recovery codes come with it. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withUserSession(
    async ({ request, principal }) => {
      const { code } = await parseJsonBody(request, codeInputSchema);
      const { enabledAt, recoveryCodes } = await confirmTotpEnrolment(principal, code, {
        address: clientIp(request),
        userAgent: request.headers.get("user-agent"),
      });
      return Response.json(
        { data: { enabled_at: enabledAt.toISOString(), recovery_codes: recoveryCodes } },
        { status: 201, headers: { "Cache-Control": "no-store" } },
      );
    },
    { reauth: true },
  ),
});
