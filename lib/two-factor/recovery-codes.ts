// Recovery codes: ten single-use codes, issued when a user adds their first second factor (an
// authenticator app or a passkey) and on request, shown once. Each carries 80 random bits, so a
// plain SHA-256 of it is safe to keep (no offline guessing of 2^80), and a lookup is one indexed read.
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no i, l, o, u, so a code read aloud or copied by hand is not misread.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** One code, 16 characters in four groups: `7kq2-xm9d-4hf0-r8tw`. */
function newCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  // 256 is a multiple of 32: every character is uniform.
  const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return chars.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))!.join("-");
}

/**
 * A typed code as stored: case, spaces and dashes do not matter, and the letters people confuse
 * with digits (i, l → 1; o → 0) are read the way Crockford's base32 reads them. Null when it
 * cannot be a recovery code at all.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "").replace(/[il]/g, "1").replace(/o/g, "0");
  if (compact.length !== GROUPS * GROUP_LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return compact;
}

function hashCode(normalised: string): string {
  return createHash("sha256").update(`recovery-code:${normalised}`).digest("hex");
}

/** Replaces the user's codes with ten new ones and returns them: the only time they are readable. */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashCode(normaliseRecoveryCode(code)!) })) });
  return codes;
}

/** New codes only if the user has none left unused (their first second factor); else null. */
export async function issueRecoveryCodesIfNone(tx: Tx, userId: string): Promise<string[] | null> {
  const unused = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
  return unused > 0 ? null : issueRecoveryCodes(tx, userId);
}

/**
 * Uses up one code, atomically: of N requests with the same code at once, exactly one gets true.
 * The user id is part of the match, so one user's code never signs in another.
 */
export async function consumeRecoveryCode(userId: string, input: string, tx: Tx = db()): Promise<boolean> {
  const normalised = normaliseRecoveryCode(input);
  if (!normalised) return false;
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashCode(normalised), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export async function remainingRecoveryCodes(userId: string, tx: Tx = db()): Promise<number> {
  return tx.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** When the last second factor goes, its recovery codes go with it. */
export async function dropRecoveryCodes(tx: Tx, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
}
