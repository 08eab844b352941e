// The keys API's request and response shapes. The same schemas validate requests, shape
// responses (so no secret column can slip out) and generate the OpenAPI document.
import { z } from "zod";
import { ALL_SCOPES, TIERS } from "@/lib/accounts/tiers";
import { displayNameSchema } from "@/lib/validation/display-name";
import { allowedIpsSchema } from "./allowed-ips";

export const KEY_WARNING = "Store this API key securely. It will not be shown again.";
export const KEY_STATUSES = ["active", "expired", "revoked"] as const;
export const EXPIRY_CHOICES_DAYS = [30, 60, 90, 180, 365] as const;
export const GRACE_PERIOD_CHOICES_HOURS = [0, 1, 24, 168] as const;

// NFC, no characters that hide or reorder text; the unique index over the stored NFC form makes
// names that differ only in normalisation one name.
export const keyNameSchema = displayNameSchema({ maxLength: 64 });

export const scopeSchema = z.enum(ALL_SCOPES as [string, ...string[]]);

export const createKeyRequestSchema = z.strictObject({
  name: keyNameSchema,
  expires_in_days: z
    .number({ error: "expires_in_days must be a whole number of days from 1 to 365, or null." })
    .int("expires_in_days must be a whole number of days.")
    .min(1, "expires_in_days must be at least 1.")
    .max(365, "expires_in_days must be at most 365.")
    .nullable()
    .optional(),
  scopes: z.array(scopeSchema).min(1, "scopes must not be empty; omit it for the tier's full set.").max(16).optional(),
  allowed_ips: allowedIpsSchema.optional(),
});
export type CreateKeyRequest = z.infer<typeof createKeyRequestSchema>;

export const rotateKeyRequestSchema = z.strictObject({
  grace_period_hours: z
    .number({ error: "grace_period_hours must be a number of hours from 0 to 168." })
    .min(0, "grace_period_hours must be at least 0.")
    .max(168, "grace_period_hours must be at most 168 (7 days).")
    .optional()
    .describe("How long the old key keeps working, in hours (fractions allowed). 0 or omitted: it stops at once."),
});
export type RotateKeyRequest = z.infer<typeof rotateKeyRequestSchema>;

/** PATCH /api/v1/keys/{id}: rename, or change where the key may be used from. */
export const updateKeyRequestSchema = z
  .strictObject({
    name: keyNameSchema.optional(),
    allowed_ips: allowedIpsSchema.optional(),
  })
  .refine((body) => body.name !== undefined || body.allowed_ips !== undefined, { message: "Send name, allowed_ips, or both." });
export type UpdateKeyRequest = z.infer<typeof updateKeyRequestSchema>;

export const listKeysQuerySchema = z.strictObject({
  status: z.enum(["active", "expired", "revoked", "all"]).default("active"),
  created_by: z
    .union([z.literal("left"), z.uuid({ error: "created_by must be a user id, or left." }).transform((id) => id.toLowerCase())], {
      error: "created_by must be a user id, or left.",
    })
    .optional()
    .describe("Only the keys this user created, or `left`: the keys of people who are no longer members of the account."),
});

export const keyIdSchema = z.uuid();

const isoTime = z.iso.datetime();

export const keyCreatorSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    member: z.boolean().describe("false once they left the account: the key still works, listed under created_by=left."),
  })
  .nullable()
  .describe("Who created the key (still shown after they leave); null for keys made before creators were recorded.");
export type KeyCreator = z.infer<typeof keyCreatorSchema>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  key_preview: z.string().describe("sk_live_•••••••• followed by the key's last four characters."),
  tier: z.enum(TIERS),
  scopes: z.array(z.string()),
  rate_limit_per_minute: z.number().int(),
  rate_limit_per_day: z.number().int(),
  total_requests: z.number().int(),
  last_used_at: isoTime.nullable(),
  created_at: isoTime,
  expires_at: isoTime.nullable(),
  status: z.enum(KEY_STATUSES),
  allowed_ips: z
    .array(z.string())
    .nullable()
    .describe("Addresses and CIDR ranges the key may be used from; null: anywhere. A request from elsewhere gets 403 ip_not_allowed."),
  last_used_ip: z.string().nullable().describe("Client address of the key's latest request (served or refused)."),
  last_used_user_agent: z.string().nullable().describe("User agent of the key's latest request."),
  revoked_at: isoTime
    .nullable()
    .describe("When the key was revoked, or, on an active key replaced by a rotation, when it stops working."),
  exposed_at: isoTime
    .nullable()
    .describe("When the key was first reported found in public (GitHub secret scanning or a public report); null if never."),
  exposure_url: z.string().nullable().describe("Where it was found, when the report said (GitHub gives the public URL)."),
  exposure_source: z.enum(["github", "report"]).nullable().describe("Who reported it: github (secret scanning) or report (POST /api/v1/keys/report-leak)."),
  replaced_by: z
    .uuid()
    .nullable()
    .describe("The key a rotation issued in this one's place (also a leaked key's replacement); null if none."),
  created_by: keyCreatorSchema,
  daily_requests: z
    .array(z.number().int())
    .optional()
    .describe("Requests per UTC day over the last 14 days, oldest first (session listing only)."),
});
export type ApiKeyView = z.infer<typeof apiKeySchema>;

export const createdKeySchema = apiKeySchema.extend({
  key: z.string().describe("The full secret. Returned only in this response."),
  full_key: z.string().describe("The same secret as key, under the name the seed snippet reads."),
});
export type CreatedKeyView = z.infer<typeof createdKeySchema>;

export const createdKeyResponseSchema = z.object({
  data: createdKeySchema,
  meta: z.object({
    warning: z.literal(KEY_WARNING),
    name_warning: z.string().optional(),
  }),
});

/** The answer to a rotation: the new key, and which key it replaces and when that one stops working. */
export const rotatedKeyResponseSchema = z.object({
  data: createdKeySchema,
  meta: z.object({
    warning: z.literal(KEY_WARNING),
    rotated_from: z
      .object({ id: z.uuid(), stops_working_at: isoTime })
      .describe("The key this one replaces; it keeps working until stops_working_at (now, without a grace period)."),
  }),
});

export const keyResponseSchema = z.object({ data: apiKeySchema });
/** PATCH's answer: the key, and the name advice when a rename chose a name without context. */
export const updatedKeyResponseSchema = z.object({
  data: apiKeySchema,
  meta: z.object({ name_warning: z.string() }).optional(),
});
export const keyListResponseSchema = z.object({ data: z.array(apiKeySchema) });
