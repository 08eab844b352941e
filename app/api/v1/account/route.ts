import { routeMethods } from "@/lib/http/methods";
import { parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { getProfile, updateProfile } from "@/lib/users/profile";
import { updateProfileSchema } from "@/lib/users/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) => Response.json({ data: await getProfile(principal.userId) })),
  PATCH: withUserSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, updateProfileSchema);
    return Response.json({ data: await updateProfile(principal.userId, input) });
  }),
});
