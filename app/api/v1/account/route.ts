import { routeMethods } from "@/lib/http/methods";
import { parseJsonBody } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { getProfile, updateProfile } from "@/lib/users/profile";
import { updateProfileSchema } from "@/lib/users/schemas";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSession(async ({ principal }) => Response.json({ data: await getProfile(principal.userId) })),
  PATCH: withSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, updateProfileSchema);
    return Response.json({ data: await updateProfile(principal.userId, input) });
  }),
});
