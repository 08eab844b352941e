// The signed-in person's own settings (Settings → Account): the same rules as sign-up.
import { z } from "zod";
import { TIERS } from "@/lib/accounts/tiers";
import { passwordSchema, signupSchema } from "@/lib/auth/schemas";

export const updateProfileSchema = z.strictObject({
  name: signupSchema.shape.name.unwrap().nullable().describe("Your name as shown in the console; null clears it."),
});
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export const changePasswordSchema = z
  .strictObject({
    current_password: z.string({ error: "current_password is required." }).min(1, "current_password is required.").max(1024),
    new_password: passwordSchema,
  })
  .refine((input) => input.current_password !== input.new_password, {
    message: "The new password must differ from the current one.",
    path: ["new_password"],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const profileSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  created_at: z.iso.datetime(),
  account: z.object({ id: z.uuid(), tier: z.enum(TIERS) }),
});
export type ProfileView = z.infer<typeof profileSchema>;
export const profileResponseSchema = z.object({ data: profileSchema });

export const passwordChangedResponseSchema = z.object({
  data: z.object({ other_sessions_ended: z.number().int().describe("Sessions in other browsers that were signed out.") }),
});
