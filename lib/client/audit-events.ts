// The audit log page's way to GET /api/v1/audit-events, one cursor page at a time.
import { z } from "zod";
import { apiFetch } from "./api";
import { expectShape } from "./keys";

export const auditEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.object({ user_id: z.string().nullable(), email: z.string().nullable() }).nullable(),
  key: z.object({ id: z.string(), name: z.string() }).nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

const auditPageSchema = z.object({
  data: z.array(auditEventSchema),
  meta: z.object({ next_cursor: z.string().nullable() }),
});
export type AuditPage = { events: AuditEvent[]; nextCursor: string | null };

export const AUDIT_PAGE_SIZE = 25;

export async function listAuditEvents(cursor: string | null, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  const page = expectShape(auditPageSchema, await apiFetch<unknown>(`/api/v1/audit-events?${query}`));
  return { events: page.data, nextCursor: page.meta.next_cursor };
}
