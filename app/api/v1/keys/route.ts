import { sessionActor } from "@/lib/audit/record";
import { clientIp, parseJsonBody, parseQuery } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";
import { nameWarning } from "@/lib/keys/name-advice";
import { createKeyRequestSchema, KEY_WARNING, listKeysQuerySchema } from "@/lib/keys/schemas";
import { createKey, listKeys } from "@/lib/keys/service";
import { toCreatedKeyView, toKeyView } from "@/lib/keys/view";

export const GET = withSession(async ({ request, principal }) => {
  const { status } = parseQuery(request, listKeysQuerySchema);
  const { tier, keys, now } = await listKeys(principal.accountId, status);
  return Response.json({ data: keys.map((key) => toKeyView(key, tier, now)) });
});

export const POST = withSession(async ({ request, principal }) => {
  const input = await parseJsonBody(request, createKeyRequestSchema);
  const { key, tier, fullKey } = await createKey(sessionActor(principal, request, clientIp(request)), input);
  const warning = nameWarning(key.name);
  return Response.json(
    { data: toCreatedKeyView(key, tier, fullKey), meta: { warning: KEY_WARNING, ...(warning ? { name_warning: warning } : {}) } },
    { status: 201 },
  );
});
