// The browser's side of passkeys: the WebAuthn ceremonies through @simplewebauthn/browser, the
// API calls around them, and the browser's refusals put into words.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type { PasskeyView } from "@/lib/passkeys/schemas";
import { describeUserAgent } from "@/lib/sessions/view";
import { apiFetch } from "./api";

export type { PasskeyView };
export type AddedPasskey = { passkey: PasskeyView; recoveryCodes: string[] | null };

export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && browserSupportsWebAuthn();
}

/** "Passkey on Chrome on macOS": a default name people recognise later. */
export function defaultPasskeyName(): string {
  const device = typeof navigator === "undefined" ? "this device" : describeUserAgent(navigator.userAgent);
  return `Passkey on ${device === "Unknown browser" ? "this device" : device}`.slice(0, 64);
}

/** What went wrong in the browser, in words; anything else passes through unchanged. */
export function describePasskeyError(error: unknown): Error {
  if (error instanceof WebAuthnError) {
    switch (error.code) {
      case "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED":
        return new Error("This device already holds a passkey for your account.");
      case "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT":
      case "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT":
        return new Error("This authenticator cannot hold a passkey that checks who you are (a PIN or biometrics). Try another device.");
      case "ERROR_INVALID_DOMAIN":
      case "ERROR_INVALID_RP_ID":
        return new Error("Passkeys are not available on this address. Open the console at its usual https address.");
      default:
        break;
    }
  }
  if (error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
    return new Error("The passkey prompt was closed or timed out. Try again when you are ready.");
  }
  return error instanceof Error ? error : new Error("The passkey did not work. Try again.");
}

/** Add a passkey: options from the server, the browser's prompt, and the answer back to the server. */
export async function registerPasskey(name: string): Promise<AddedPasskey> {
  const { data } = await apiFetch<{ data: { options: PublicKeyCredentialCreationOptionsJSON } }>("/api/v1/account/passkeys/registration-options", {
    method: "POST",
  });
  let response;
  try {
    response = await startRegistration({ optionsJSON: data.options });
  } catch (error) {
    throw describePasskeyError(error);
  }
  const added = await apiFetch<{ data: { passkey: PasskeyView; recovery_codes: string[] | null } }>("/api/v1/account/passkeys", {
    method: "POST",
    body: { name, response },
  });
  return { passkey: added.data.passkey, recoveryCodes: added.data.recovery_codes };
}

/** The browser's passkey prompt for these options; the answer is for the server to verify. */
export async function getPasskeyAssertion(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  try {
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw describePasskeyError(error);
  }
}

/** Options for "Sign in with a passkey" (public, discoverable). */
export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { data } = await apiFetch<{ data: { options: PublicKeyCredentialRequestOptionsJSON } }>("/api/v1/passkeys/authentication-options", { method: "POST" });
  return data.options;
}

export async function listPasskeysClient(): Promise<PasskeyView[]> {
  return (await apiFetch<{ data: PasskeyView[] }>("/api/v1/account/passkeys")).data;
}

export async function removePasskey(id: string): Promise<void> {
  await apiFetch(`/api/v1/account/passkeys/${id}`, { method: "DELETE" });
}
