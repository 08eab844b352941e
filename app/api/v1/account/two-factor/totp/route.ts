import { routeMethods } from "@/lib/http/methods";
import { clientIp, parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { disableTotp, startTotpEnrolment } from "@/lib/two-factor/enrolment";
import { codeInputSchema } from "@/lib/two-factor/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** A new secret and its QR code, pending until a code from it is confirmed. */
  POST: withUserSession(
    async ({ principal }) => {
      const enrolment = await startTotpEnrolment(principal);
      return Response.json({
        data: {
          secret: enrolment.secret,
          otpauth_url: enrolment.otpauthUrl,
          qr_code_svg: enrolment.qrCodeSvg,
          expires_at: enrolment.expiresAt.toISOString(),
        },
      }, { headers: { "Cache-Control": "no-store" } });
    },
    { reauth: true },
  ),
  /** Turns the app off; needs a current code or a recovery code. */
  DELETE: withUserSession(
    async ({ request, principal }) => {
      const { code } = await parseJsonBody(request, codeInputSchema);
      await disableTotp(principal, code, { address: clientIp(request), userAgent: request.headers.get("user-agent") });
      return new Response(null, { status: 204 });
    },
    { reauth: true },
  ),
});
