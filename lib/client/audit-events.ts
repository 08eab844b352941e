// The audit log page's way to GET /api/v1/audit-events, one cursor page at a time.
import { auditEventListResponseSchema, type AuditEventView } from "@/lib/audit/schemas";
import { apiFetch } from "./api";
import { expectShape } from "./keys";

export type AuditEvent = AuditEventView;
export type AuditPage = { events: AuditEvent[]; nextCursor: string | null };

export const AUDIT_PAGE_SIZE = 25;

export async function listAuditEvents(cursor: string | null, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  const page = expectShape(auditEventListResponseSchema, await apiFetch<unknown>(`/api/v1/audit-events?${query}`));
  return { events: page.data, nextCursor: page.meta.next_cursor };
}
