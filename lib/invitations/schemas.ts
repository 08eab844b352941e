// The invitations API's shapes. The token is never part of a view: it exists only in the link,
// shown once (or e-mailed) when the invitation is made.
import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";
import { roleSchema } from "@/lib/members/schemas";

export const INVITATION_DAYS = 7;
export const INVITATION_STATUSES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const createInvitationRequestSchema = z.strictObject({
  email: emailSchema.describe("Who may accept it: only the user signed in with this e-mail."),
  role: roleSchema,
});
export type CreateInvitationRequest = z.infer<typeof createInvitationRequestSchema>;

export const invitationViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(INVITATION_STATUSES),
  invited_by: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  created_at: z.string(),
  expires_at: z.string(),
  accepted_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

export const createdInvitationMetaSchema = z.object({
  emailed: z.boolean().describe("Whether the link went out by e-mail (SMTP_URL is set and the server accepted it)."),
  url: z.string().optional().describe("The link, when it was not e-mailed: shown this once; only a hash of its token is kept."),
});
