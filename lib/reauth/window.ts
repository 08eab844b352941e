// "Sudo mode": sensitive changes (a new key, a rotation, a key's allowed addresses, the password,
// second factors) need a proof of identity within the last REAUTH_WINDOW_MINUTES (default 120).
// Signing in is one; POST /api/v1/account/reauth is the other. Revoking never needs one: in an
// incident, stopping a key must stay one click.
import { ApiError } from "@/lib/http/errors";

const DEFAULT_MINUTES = 120;

let cachedMs: number | undefined;

/** The window in milliseconds. Fractions are allowed (0.05 = 3 s) so tests can use seconds. */
export function reauthWindowMs(): number {
  if (cachedMs === undefined) {
    const raw = process.env.REAUTH_WINDOW_MINUTES?.trim();
    const minutes = raw ? Number(raw) : DEFAULT_MINUTES;
    if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`REAUTH_WINDOW_MINUTES must be a positive number, not "${raw}".`);
    cachedMs = minutes * 60_000;
  }
  return cachedMs;
}

/** When the session's last proof of identity stops counting. */
export function reauthValidUntil(reauthAt: Date): Date {
  return new Date(reauthAt.getTime() + reauthWindowMs());
}

/** Throws 403 reauthentication_required unless the session proved who it is within the window. */
export function assertRecentAuth(session: { reauthAt: Date }, now: number = Date.now()): void {
  if (now < reauthValidUntil(session.reauthAt).getTime()) return;
  throw new ApiError(
    "reauthentication_required",
    "Confirm it is you before this change: POST /api/v1/account/reauth with your password, an authenticator code or a passkey, then try again.",
  );
}
