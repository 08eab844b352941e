// The shapes at the edges: what a browser sends after navigator.credentials.create()/get()
// (as @simplewebauthn/browser serialises it) and what the API answers about a passkey.
import { z } from "zod";

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, "Expected base64url.").max(8192);

export const passkeyNameSchema = z.string().trim().min(1, "Give the passkey a name.").max(64, "Use at most 64 characters.");

const transportSchema = z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

export const registrationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  response: z.object({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    authenticatorData: base64url.optional(),
    transports: z.array(transportSchema).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  response: z.object({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.optional(),
  }),
});

export const addPasskeyRequestSchema = z.strictObject({
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});

export const renamePasskeyRequestSchema = z.strictObject({ name: passkeyNameSchema });

export const passkeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable().describe("Last sign-in or confirmation with it."),
  backed_up: z.boolean().describe("Synced to a cloud account (a multi-device passkey)."),
  device_type: z.enum(["singleDevice", "multiDevice"]),
});
export type PasskeyView = z.infer<typeof passkeySchema>;

export const passkeyListResponseSchema = z.object({ data: z.array(passkeySchema) });
export const passkeyResponseSchema = z.object({ data: passkeySchema });
export const addedPasskeyResponseSchema = z.object({
  data: z.object({
    passkey: passkeySchema,
    recovery_codes: z
      .array(z.string())
      .nullable()
      .describe("Ten single-use recovery codes when this is the first second factor, shown only here; otherwise null."),
  }),
});

/** Options for navigator.credentials.create()/get(), as JSON; their fields are WebAuthn's. */
const optionsSchema = z.record(z.string(), z.unknown());
export const registrationOptionsResponseSchema = z.object({
  data: z.object({ options: optionsSchema.describe("PublicKeyCredentialCreationOptionsJSON: pass to startRegistration({ optionsJSON }).") }),
});
export const authenticationOptionsResponseSchema = z.object({
  data: z.object({ options: optionsSchema.describe("PublicKeyCredentialRequestOptionsJSON: pass to startAuthentication({ optionsJSON }).") }),
});
