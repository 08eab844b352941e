// Request and response shapes of /api/v1/account/two-factor/*, shared by the handlers, the forms
// and the OpenAPI document.
import { z } from "zod";

export const codeInputSchema = z.strictObject({
  code: z
    .string({ error: "code is required." })
    .trim()
    .min(1, "code is required.")
    .max(64, "code is too long.")
    .describe("A 6-digit code from the authenticator app (spaces allowed), or for turning it off also one of your recovery codes."),
});
export type CodeInput = z.infer<typeof codeInputSchema>;

export const twoFactorStatusSchema = z.object({
  totp: z.object({
    enabled: z.boolean().describe("Whether an authenticator app is required at sign-in."),
    enabled_at: z.iso.datetime().nullable(),
  }),
  recovery_codes_remaining: z.number().int().describe("Unused recovery codes. The codes themselves are shown only when issued."),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;
export const twoFactorStatusResponseSchema = z.object({ data: twoFactorStatusSchema });

export const totpEnrolmentResponseSchema = z.object({
  data: z.object({
    secret: z.string().describe("The secret in base32, for typing into the app by hand. Shown here only."),
    otpauth_url: z.string().describe("otpauth://totp/… (SHA-1, 6 digits, 30 s), what the QR code holds."),
    qr_code_svg: z.string().describe("The otpauth URL as an SVG QR code."),
    expires_at: z.iso.datetime().describe("Confirm a code before this; a new enrolment replaces this one."),
  }),
});

const recoveryCodesSchema = z.array(z.string()).describe("Ten single-use codes, each for one sign-in without the app. Shown once.");

export const totpEnabledResponseSchema = z.object({
  data: z.object({
    enabled_at: z.iso.datetime(),
    recovery_codes: recoveryCodesSchema.nullable().describe("New recovery codes, or null when you already had some (from a passkey)."),
  }),
});

export const recoveryCodesResponseSchema = z.object({ data: z.object({ recovery_codes: recoveryCodesSchema }) });
