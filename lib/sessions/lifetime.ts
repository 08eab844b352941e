// How long a browser session lasts: an absolute lifetime fixed at sign-in that no refresh can
// extend, and an idle timeout. Fractions are allowed so tests can use seconds.
function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}".`);
  return value;
}

export type SessionLifetime = { maxAgeMs: number; idleMs: number; touchEveryMs: number };

let cached: SessionLifetime | undefined;

export function sessionLifetime(): SessionLifetime {
  if (!cached) {
    const maxAgeMs = positiveNumber("SESSION_MAX_AGE_HOURS", 12) * 60 * 60 * 1000;
    const idleMs = positiveNumber("SESSION_IDLE_MINUTES", 60) * 60 * 1000;
    // last-seen is written at most this often: once a minute, or a quarter of a short idle timeout.
    cached = { maxAgeMs, idleMs, touchEveryMs: Math.min(60_000, idleMs / 4) };
  }
  return cached;
}
