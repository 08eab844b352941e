import { listAuditEvents } from "@/lib/audit/list";
import { auditVisibility, type AuditReader } from "@/lib/audit/visibility";
import { listAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { withSessionOrApiKey } from "@/lib/http/api-key-route";
import { routeMethods } from "@/lib/http/methods";
import { parseQuery } from "@/lib/http/request";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withSessionOrApiKey("audit:read", "audit:read", async ({ request, principal }) => {
    const query = parseQuery(request, listAuditEventsQuerySchema);
    const reader: AuditReader =
      principal.kind === "session" ? { kind: "session", userId: principal.userId, role: principal.role } : { kind: "api_key", keyId: principal.keyId, accountId: principal.accountId };
    return Response.json(await listAuditEvents(principal.accountId, query, await auditVisibility(reader)));
  }),
});
