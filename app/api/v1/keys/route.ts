import { sessionActor } from "@/lib/audit/record";
import { clientIp, parseJsonBody, parseQuery } from "@/lib/http/request";
import { withSessionOrApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { withSession } from "@/lib/http/route";
import { nameWarning } from "@/lib/keys/name-advice";
import { createKeyRequestSchema, KEY_WARNING, listKeysQuerySchema } from "@/lib/keys/schemas";
import { createKey, listKeys } from "@/lib/keys/service";
import { creatorIs, presentKeys, toCreatedKeyView } from "@/lib/keys/view";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSessionOrApiKey("keys:read", "keys:read", async ({ request, principal }) => {
    const { status, created_by } = parseQuery(request, listKeysQuerySchema);
    const { tier, keys } = await listKeys(principal.accountId, status, created_by);
    // The sparkline series is for the settings page; integrations get the inventory alone.
    return Response.json({ data: await presentKeys(keys, tier, { withDaily: principal.kind === "session" }) });
  }),

  POST: withSession(async ({ request, principal }) => {
    const input = await parseJsonBody(request, createKeyRequestSchema);
    const { key, tier, fullKey } = await createKey(sessionActor(principal, request, clientIp(request)), input);
    const warning = nameWarning(key.name);
    return Response.json(
      { data: toCreatedKeyView(key, tier, fullKey, creatorIs(principal)), meta: { warning: KEY_WARNING, ...(warning ? { name_warning: warning } : {}) } },
      { status: 201 },
    );
  }, { permission: "keys:create", reauth: true }),
});
