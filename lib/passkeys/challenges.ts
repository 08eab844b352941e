// WebAuthn challenges: random, stored for five minutes, and used at most once. The first answer
// consumes its challenge with one conditional delete, so of N copies of an answer sent at once
// (a replay, a race) exactly one gets on to signature checking.
import { db } from "@/lib/db";

export const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = "registration" | "authentication" | "reauthentication";

/** Stores a challenge the library generated (base64url); expired ones are pruned on the way. */
export async function storeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<void> {
  const now = new Date();
  await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  await db().webAuthnChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
  });
}

/**
 * True once for a live challenge issued for this purpose and user (null: issued to nobody, the
 * passkey sign-in); false for an unknown, used, expired or someone else's challenge.
 */
export async function consumeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<boolean> {
  const { count } = await db().webAuthnChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}
