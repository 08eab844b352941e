import { routeMethods } from "@/lib/http/methods";
import { clientIp, readBodyBytes } from "@/lib/http/request";
import { withPublic } from "@/lib/http/route";
import { GITHUB_ALERT_MAX_BYTES, receiveGithubAlerts } from "@/lib/leaks/github";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // GitHub's secret-scanning partner program: the raw bytes are what the signature covers.
  POST: withPublic(async ({ request }) => {
    const rawBody = await readBodyBytes(request, GITHUB_ALERT_MAX_BYTES);
    const feedback = await receiveGithubAlerts(request.headers, rawBody, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return Response.json(feedback);
  }),
});
