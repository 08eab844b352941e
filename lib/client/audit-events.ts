// The audit log page's way to GET /api/v1/audit-events, one cursor page at a time.
import { auditEventListResponseSchema, type AuditEventView } from "@/lib/audit/schemas";
import { apiFetch } from "./api";
import { expectShape } from "./keys";

export type AuditEvent = AuditEventView;
export type AuditPage = { events: AuditEvent[]; nextCursor: string | null };

export const AUDIT_PAGE_SIZE = 25;

/** The page's filter: every event, or one family of actions (?type=). */
export const AUDIT_FILTERS = [
  { type: "", label: "All events" },
  { type: "api_key", label: "API keys" },
  { type: "auth", label: "Sign-in and security" },
  { type: "account", label: "Account settings" },
  { type: "webhook", label: "Webhooks" },
  { type: "member,invitation", label: "Members" },
] as const;

export async function listAuditEvents(cursor: string | null, limit = AUDIT_PAGE_SIZE, type = ""): Promise<AuditPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  if (type) query.set("type", type);
  const page = expectShape(auditEventListResponseSchema, await apiFetch<unknown>(`/api/v1/audit-events?${query}`));
  return { events: page.data, nextCursor: page.meta.next_cursor };
}
