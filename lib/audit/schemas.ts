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

export const listAuditEventsQuerySchema = z
  .strictObject({
    cursor: z.string().max(64).optional().describe("Older events: the next_cursor of the previous page (newest first)."),
    since: z
      .string()
      .max(64)
      .optional()
      .describe("Newer events, oldest first, for pollers: a next_since from an earlier answer, or an ISO 8601 time."),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((query) => !(query.cursor && query.since), { message: "Use cursor or since, not both.", path: ["since"] });

export const auditEventListResponseSchema = z.object({
  data: z.array(auditEventSchema),
  meta: z.object({
    next_cursor: z.string().nullable().describe("For the next (older) page; null at the end."),
    next_since: z.string().describe("Pass as since to get only events after this page."),
  }),
});
