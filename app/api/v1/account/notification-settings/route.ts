import { getNotificationSettings, updateNotificationSettings } from "@/lib/mail/preferences";
import { updateNotificationSettingsSchema } from "@/lib/mail/schemas";
import { routeMethods } from "@/lib/http/methods";
import { parseJsonBody } from "@/lib/http/request";
import { withUserSession } from "@/lib/http/route";
import { assertRecentAuth } from "@/lib/reauth/window";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withUserSession(async ({ principal }) => Response.json({ data: await getNotificationSettings(principal.userId) })),
  /** Only the preferences sent change. */
  PATCH: withUserSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, updateNotificationSettingsSchema);
    // Turning an alert off is what a stolen session would do first: it needs a recent proof of identity.
    if (Object.values(input.email).includes(false)) assertRecentAuth(principal);
    return Response.json({ data: await updateNotificationSettings(principal.userId, input) });
  }),
});
