import { signupSchema } from "@/lib/auth/schemas";
import { signUp } from "@/lib/auth/signup";
import { routeMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { clientIp, parseJsonBody } from "@/lib/http/request";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: withPublic(async ({ request }) => {
    const input = await parseJsonBody(request, signupSchema);
    const user = await signUp(input, clientIp(request));
    return Response.json(
      { data: { id: user.id, email: user.email, name: user.name, account: { id: user.accountId, tier: user.account.tier } } },
      { status: 201 },
    );
  }),
});
