import { routeMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/http/request";
import { withPublic } from "@/lib/http/route";
import { passkeyAuthenticationOptions } from "@/lib/passkeys/authentication";
import { takePasskeyOptionsRequest } from "@/lib/passkeys/options-throttle";

/** For "Sign in with a passkey": discoverable, so no user is named (and none is revealed). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withPublic(async ({ request }) => {
    await takePasskeyOptionsRequest(clientIp(request));
    const options = await passkeyAuthenticationOptions({ headers: request.headers, purpose: "authentication" });
    return Response.json({ data: { options } });
  }),
});
