import { z } from "zod";

export const auditEventSchema = z.object({
  id: z.uuid(),
  action: z.string(),
  actor: z.object({ user_id: z.string().nullable(), email: z.string().nullable() }),
  key: z.object({ id: z.string(), name: z.string() }).nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.iso.datetime(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const listAuditEventsQuerySchema = z.strictObject({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditEventListResponseSchema = z.object({
  data: z.array(auditEventSchema),
  meta: z.object({ next_cursor: z.string().nullable() }),
});
