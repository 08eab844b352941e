import { routeMethods } from "@/lib/http/methods";
import { withUserSession } from "@/lib/http/route";
import { passkeyRegistrationOptions } from "@/lib/passkeys/registration";

/** Options for navigator.credentials.create(); their challenge is good for one answer within five minutes. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withUserSession(
    async ({ request, principal }) => {
      const options = await passkeyRegistrationOptions(principal, request.headers);
      return Response.json({ data: { options } });
    },
    { reauth: true },
  ),
});
