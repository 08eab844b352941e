// An authenticator app in a test: codes computed from the secret the server returned, with the
// parameters the server announces (SHA-1, 6 digits, 30 s).
import { Secret, TOTP } from "otpauth";
import { api } from "./client";

/** The code for the step `offset` steps from now (0 = now, 1 = the next one). */
export function totpCode(secret: string, offset = 0, now = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: now + offset * 30_000 });
}

export type Enrolled = { secret: string; recoveryCodes: string[]; /** The code that confirmed it: already used. */ usedCode: string };

/** Starts and confirms an enrolment for the signed-in user; the confirming code is the current step's. */
export async function enrolTotp(baseUrl: string, cookie: string): Promise<Enrolled> {
  const started = await api(baseUrl, "/api/v1/account/two-factor/totp", { method: "POST", cookie });
  if (started.status !== 200) throw new Error(`Enrolment answered ${started.status}: ${await started.text()}`);
  const { data } = (await started.json()) as { data: { secret: string } };
  const usedCode = totpCode(data.secret);
  const confirmed = await api(baseUrl, "/api/v1/account/two-factor/totp/confirm", { cookie, json: { code: usedCode } });
  if (confirmed.status !== 201) throw new Error(`Confirmation answered ${confirmed.status}: ${await confirmed.text()}`);
  const { data: on } = (await confirmed.json()) as { data: { recovery_codes: string[] } };
  return { secret: data.secret, recoveryCodes: on.recovery_codes, usedCode };
}
