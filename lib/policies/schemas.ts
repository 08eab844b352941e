// The account's policies, set by its owners: its name, two-factor for every member, the longest a
// new key may live, and what a leaked key does.
import { z } from "zod";
import { LEAK_POLICIES } from "@/lib/leaks/schemas";
import { TIERS } from "@/lib/accounts/tiers";
import { displayNameSchema } from "@/lib/validation/display-name";

export const MAX_KEY_LIFETIME_LIMIT = 3650;

export const policyViewSchema = z.object({
  account_id: z.string(),
  name: z.string(),
  tier: z.enum(TIERS),
  require_two_factor: z.boolean().describe("Every member must have an authenticator app or a passkey before doing anything in this account."),
  max_key_lifetime_days: z.number().int().nullable().describe("New keys must expire within this many days; null for no limit."),
  leak_policy: z.enum(LEAK_POLICIES).describe("What a key found in public does: revoke (at once) or notify."),
});
export type PolicyView = z.infer<typeof policyViewSchema>;

export const updatePoliciesRequestSchema = z
  .strictObject({
    // The account's name is shown to people who are not its members (invitations): no look-alike tricks.
    name: displayNameSchema({ maxLength: 100 }).optional(),
    require_two_factor: z.boolean({ error: "require_two_factor must be true or false." }).optional(),
    max_key_lifetime_days: z
      .number({ error: `max_key_lifetime_days must be a whole number of days from 1 to ${MAX_KEY_LIFETIME_LIMIT}, or null.` })
      .int(`max_key_lifetime_days must be a whole number of days from 1 to ${MAX_KEY_LIFETIME_LIMIT}, or null.`)
      .min(1, `max_key_lifetime_days must be at least 1.`)
      .max(MAX_KEY_LIFETIME_LIMIT, `max_key_lifetime_days must be at most ${MAX_KEY_LIFETIME_LIMIT}.`)
      .nullable()
      .optional(),
    leak_policy: z.enum(LEAK_POLICIES, { error: `leak_policy must be one of ${LEAK_POLICIES.join(", ")}.` }).optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: "Send at least one policy to change." });
export type UpdatePoliciesRequest = z.infer<typeof updatePoliciesRequestSchema>;
