// Whether a user has a second factor: an authenticator app (TOTP) or at least one passkey. Such a
// user never gets a session from a password alone.
import { db, type Tx } from "@/lib/db";

export type SecondFactors = { totp: boolean; passkeys: number };

export async function secondFactorsOf(userId: string, tx: Tx = db()): Promise<SecondFactors> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { totpEnabledAt: true, _count: { select: { passkeys: true } } },
  });
  return { totp: Boolean(user?.totpEnabledAt), passkeys: user?._count.passkeys ?? 0 };
}

export function hasSecondFactor(factors: SecondFactors): boolean {
  return factors.totp || factors.passkeys > 0;
}
