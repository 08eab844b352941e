import { listAuditEvents } from "@/lib/audit/list";
import { listAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { parseQuery } from "@/lib/http/request";
import { withSession } from "@/lib/http/route";

export const GET = withSession(async ({ request, principal }) => {
  const query = parseQuery(request, listAuditEventsQuerySchema);
  return Response.json(await listAuditEvents(principal.accountId, query));
});
