// Turning on an authenticator app for a test user through the API, and computing its codes the
// way an authenticator app does (RFC 6238: SHA-1, 6 digits, 30-second steps).
import { Secret, TOTP } from "otpauth";
import { api } from "./client";

export function authenticator(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), algorithm: "SHA1", digits: 6, period: 30 });
}

/** The code of the time step `offset` steps from now (the server accepts -1, 0 and +1). */
export function codeAt(totp: TOTP, offset = 0): string {
  return totp.generate({ timestamp: Date.now() + offset * 30_000 });
}

export type Enrolled = { totp: TOTP; secret: string; recoveryCodes: string[] };

/**
 * Enrols and confirms with the current step's code. The next code the server will take is the
 * following step's (codeAt(totp, 1)): the current one is spent.
 */
export async function enrolTotp(baseUrl: string, cookie: string): Promise<Enrolled> {
  const started = await api(baseUrl, "/api/v1/account/two-factor/totp", { method: "POST", cookie });
  if (started.status !== 200) throw new Error(`enrolment answered ${started.status}: ${await started.text()}`);
  const { data } = (await started.json()) as { data: { secret: string } };
  const totp = authenticator(data.secret);
  const confirmed = await api(baseUrl, "/api/v1/account/two-factor/totp/confirm", { json: { code: codeAt(totp) }, cookie });
  if (confirmed.status !== 201) throw new Error(`confirmation answered ${confirmed.status}: ${await confirmed.text()}`);
  const body = (await confirmed.json()) as { data: { recovery_codes: string[] | null } };
  return { totp, secret: data.secret, recoveryCodes: body.data.recovery_codes ?? [] };
}
