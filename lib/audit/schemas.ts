import { z } from "zod";
import { AUDIT_CURSOR_LENGTH, LEGACY_CURSOR_MAX_LENGTH } from "./cursor-format";
import { AUDIT_ACTIONS } from "./actions";

/** The families of actions: the part before the dot (api_key.created is an api_key event). */
export const AUDIT_FAMILIES = [...new Set(AUDIT_ACTIONS.map((action) => action.split(".")[0]!))];
const AUDIT_TYPES = new Set<string>([...AUDIT_FAMILIES, ...AUDIT_ACTIONS]);

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

/** A cursor this API issued, or a legacy seq:N value (at most 26 characters) still held by a poller. */
const CURSOR_MAX_LENGTH = Math.max(AUDIT_CURSOR_LENGTH, LEGACY_CURSOR_MAX_LENGTH);
/** since also takes an ISO 8601 time: with offset and nine fractional digits it is 35 characters. */
const SINCE_MAX_LENGTH = Math.max(CURSOR_MAX_LENGTH, 40);

export const listAuditEventsQuerySchema = z
  .strictObject({
    cursor: z
      .string()
      .max(CURSOR_MAX_LENGTH)
      .optional()
      .describe("Older events: the next_cursor of the previous page (newest first). Opaque: pass it back unchanged; it is valid only for the account it was issued to."),
    since: z
      .string()
      .max(SINCE_MAX_LENGTH)
      .optional()
      .describe(
        "Newer events, oldest first, for pollers: a next_since from an earlier answer (opaque, valid only for the account it was issued to), or an ISO 8601 time.",
      ),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    key_id: z
      .uuid({ error: "key_id must be the id of an API key." })
      .transform((id) => id.toLowerCase())
      .optional()
      .describe("Only the events of this API key (its creation, changes, rotation, revocation and new sources)."),
    type: z
      .string()
      .max(200)
      .transform((value) => [...new Set(value.split(",").map((part) => part.trim()).filter(Boolean))])
      .refine((types) => types.length > 0 && types.every((type) => AUDIT_TYPES.has(type)), {
        error: `type must be one or more of ${[...AUDIT_FAMILIES, ...AUDIT_ACTIONS].join(", ")}, separated by commas.`,
      })
      .optional()
      .describe(
        `Only events of these kinds, separated by commas: an action (\`auth.signed_in\`) or a whole family (\`auth\`, \`api_key\`, \`account\`, \`webhook\`). Actions: ${AUDIT_ACTIONS.map((a) => `\`${a}\``).join(", ")}.`,
      ),
  })
  .refine((query) => !(query.cursor && query.since), { message: "Use cursor or since, not both.", path: ["since"] });

export const auditEventListResponseSchema = z.object({
  data: z.array(auditEventSchema),
  meta: z.object({
    next_cursor: z.string().nullable().describe("Opaque. Pass as cursor for the next (older) page; null at the end."),
    next_since: z
      .string()
      .describe("Opaque. Pass as since to get only events after this page; it stays the same until this account has a new event."),
  }),
});
