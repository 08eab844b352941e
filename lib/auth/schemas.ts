// Shared by the sign-up form and POST /api/v1/signup.
import { z } from "zod";
import { displayNameSchema } from "@/lib/validation/display-name";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./password-rules";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email("Enter a valid email address."));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine((value) => new TextEncoder().encode(value).length <= PASSWORD_MAX_BYTES, {
    message: `Password must be at most ${PASSWORD_MAX_BYTES} bytes.`,
  });

export const signupSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: displayNameSchema({ maxLength: 100 }).optional(),
});
export type SignupInput = z.infer<typeof signupSchema>;

/** What next-auth's credentials sign-in accepts; next-auth sends empty fields as "" (read as absent). */
const optionalField = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(1024),
  /** A current authenticator code or a recovery code, for a user with a second factor. */
  otp: optionalField(64),
  /** A passkey's assertion (the browser's JSON), as the second factor instead of a code. */
  passkey: optionalField(16 * 1024),
});
