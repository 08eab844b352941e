import { z } from "zod";

/** Exactly one proof: the password, a code (authenticator or recovery), or a passkey's assertion. */
export const reauthRequestSchema = z
  .strictObject({
    password: z.string().min(1, "password must not be empty.").max(1024).optional().describe("The account's password."),
    otp: z.string().trim().min(1, "otp must not be empty.").max(64).optional().describe("A current authenticator code, or an unused recovery code."),
    passkey: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A passkey's assertion (the browser's PublicKeyCredential as JSON) for the options from POST /api/v1/account/reauth/options."),
  })
  .refine((input) => [input.password, input.otp, input.passkey].filter((proof) => proof !== undefined).length === 1, {
    message: "Send exactly one of password, otp or passkey.",
  });
export type ReauthInput = z.infer<typeof reauthRequestSchema>;

export const reauthStatusResponseSchema = z.object({
  data: z.object({
    reauthenticated_at: z.iso.datetime().describe("This session's last proof of identity: its sign-in or its last re-authentication."),
    valid_until: z.iso.datetime().describe("Until then, sensitive changes need no new proof."),
    methods: z
      .object({ password: z.boolean(), otp: z.boolean(), passkey: z.boolean() })
      .describe("Which proofs this user can give: otp when an authenticator app is on, passkey when they have one."),
  }),
});

export const reauthOptionsResponseSchema = z.object({
  data: z.object({
    options: z.record(z.string(), z.unknown()).describe("PublicKeyCredentialRequestOptionsJSON for navigator.credentials.get (or @simplewebauthn/browser)."),
  }),
});
