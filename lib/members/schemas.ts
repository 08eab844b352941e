// The members and accounts API's shapes: they validate requests, shape every answer and
// generate the OpenAPI document.
import { z } from "zod";
import { ApiError } from "@/lib/http/errors";
import { ROLES } from "@/lib/permissions/table";

export const roleSchema = z
  .enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}.` })
  .describe("owner (everything), admin (every key, webhooks, members other than owners), member (creates keys; changes the keys they created), viewer (reads).");

const userRefSchema = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

export const memberViewSchema = z.object({
  id: z.string().describe("The membership's id (used in /api/v1/members/{id})."),
  user: userRefSchema,
  role: roleSchema,
  joined_at: z.string(),
  two_factor: z.boolean().describe("Whether the member has an authenticator app or a passkey."),
  you: z.boolean(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

export const accountChoiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  current: z.boolean().describe("The account this session acts on."),
});
export type AccountChoice = z.infer<typeof accountChoiceSchema>;

export const changeRoleRequestSchema = z.strictObject({ role: roleSchema });
export const joinRequestSchema = z.strictObject({
  token: z.string({ error: "token must be the invitation's token (from its link)." }).min(1).max(200).describe("The token at the end of the invitation link."),
});
export const switchAccountRequestSchema = z.strictObject({
  account_id: z.string({ error: "account_id must be the id of one of your accounts." }).min(1).max(64),
});

/** A malformed id answers exactly like an unknown one, or another account's: 404. */
export function memberIdParam(params: Record<string, string | string[]>): string {
  const id = params.id;
  if (typeof id !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new ApiError("not_found", "No such member.");
  return id.toLowerCase();
}
