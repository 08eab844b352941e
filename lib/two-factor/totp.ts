// Authenticator apps (RFC 6238): the parameters every app reads (SHA-1, 6 digits, 30 s), a new
// secret, its otpauth:// URL and QR code, and the check of a typed code. A code counts for its
// time step; the caller then claims that step (claimTotpStep) so no code works twice.
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { Tx } from "@/lib/db";

export const TOTP_ISSUER = "SOC API keys";
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count: a phone clock up to ~30 s off, or a slow typist. */
export const TOTP_DRIFT_STEPS = 1;
const SECRET_BYTES = 20;

/** A 6-digit code as typed: spaces (the apps show "123 456") do not matter. */
export function normaliseTotpCode(input: string): string | null {
  const compact = input.replace(/\s/g, "");
  return /^\d{6}$/.test(compact) ? compact : null;
}

/** 160 random bits (RFC 4226's recommended length), base32 as apps take it by hand. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

function totpOf(secretBase32: string, label = ""): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** otpauth://totp/SOC%20API%20keys:ada%40example.com?issuer=...&secret=...&algorithm=SHA1&digits=6&period=30 */
export function otpauthUrl(secretBase32: string, email: string): string {
  return totpOf(secretBase32, email).toString();
}

/** The URL as an SVG QR code, for the enrolment dialog. */
export function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The time step a moment falls in. */
export function totpStepAt(timestampMs: number): number {
  return Math.floor(timestampMs / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step the code belongs to (now, or one step either side), or null. Only the code is
 * checked here; whether that step was already used is claimTotpStep's job.
 */
export function matchTotpStep(secretBase32: string, input: string, now: number = Date.now()): number | null {
  const token = normaliseTotpCode(input);
  if (!token) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: now, window: TOTP_DRIFT_STEPS });
  return delta === null ? null : totpStepAt(now) + delta;
}

/**
 * Records the step as used, only if it is later than the last one used: of N requests with the
 * same code at once, exactly one gets true (RFC 6238 section 5.2: the verifier must not accept a
 * code a second time). Also refuses an earlier step than the last one, so an older code seen
 * over a shoulder is dead as soon as a newer one was used.
 */
export async function claimTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}
