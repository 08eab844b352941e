import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withPublic } from "@/lib/http/route";
import { handleReportLater, takeReportAttempt } from "@/lib/leaks/report";
import { REPORT_ACCEPTED_BODY, reportLeakRequestSchema } from "@/lib/leaks/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // No oracle: the answer is fixed bytes, sent before any key is looked at (lib/leaks/report.ts).
  POST: withPublic(async ({ request }) => {
    const ip = clientIp(request);
    await takeReportAttempt(ip);
    const { keys } = await parseJsonBody(request, reportLeakRequestSchema);
    handleReportLater(keys, { ip, userAgent: request.headers.get("user-agent") });
    return new Response(REPORT_ACCEPTED_BODY, { status: 202, headers: { "content-type": "application/json" } });
  }),
});
