// Adding and removing passkeys. A passkey must verify the user (PIN, biometrics) and be
// discoverable, so it is a whole sign-in on its own; the first one is also the user's first
// second factor, which issues recovery codes and is audited as auth.mfa_enabled.
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { dropRecoveryCodes, issueRecoveryCodesIfNone } from "@/lib/two-factor/recovery-codes";
import { hasSecondFactor, secondFactorsOf } from "@/lib/two-factor/status";
import { consumeChallenge, storeChallenge } from "./challenges";
import { challengeOf } from "./client-data";
import { relyingParty, type HeaderGetter } from "./relying-party";
import type { addPasskeyRequestSchema, PasskeyView } from "./schemas";
import { toPasskeyView } from "./view";

type User = { userId: string; email: string; name: string | null };

/** Stored transports, for the browser's hints; anything unreadable counts as none. */
export function storedTransports(stored: string | null): string[] | undefined {
  if (!stored) return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : undefined;
  } catch {
    return undefined;
  }
}

export async function passkeyRegistrationOptions(user: User, headers: HeaderGetter): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty(headers);
  const existing = await db().passkey.findMany({ where: { userId: user.userId }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    // The user handle an authenticator stores with the passkey: our user id, never the email.
    userID: new TextEncoder().encode(user.userId),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: storedTransports(passkey.transports) })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
  await storeChallenge(options.challenge, "registration", user.userId);
  return options;
}

export type AddedPasskey = { passkey: PasskeyView; recoveryCodes: string[] | null };

function refused(reason: string): ApiError {
  return new ApiError("invalid_request", `The passkey could not be added: ${reason} Try again.`);
}

export async function addPasskey(
  actor: AuditActor & { userId: string },
  input: z.infer<typeof addPasskeyRequestSchema>,
  headers: HeaderGetter,
): Promise<AddedPasskey> {
  const rp = relyingParty(headers);
  const challenge = challengeOf(input.response.response.clientDataJSON);
  // Consumed before anything else: a response is checked once, whatever the outcome.
  if (!challenge || !(await consumeChallenge(challenge, "registration", actor.userId))) {
    throw refused("its challenge is unknown, expired, already used or not yours.");
  }
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    console.warn(`[passkeys] registration refused for user ${actor.userId}: ${error instanceof Error ? error.message : String(error)}`);
    throw refused("the authenticator's answer did not verify (wrong site, no user verification, or malformed).");
  }
  if (!verification.verified) throw refused("the authenticator's answer did not verify.");
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;

  try {
    return await db().$transaction(async (tx) => {
      const passkey = await tx.passkey.create({
        data: {
          userId: actor.userId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString("base64url"),
          counter: BigInt(credential.counter),
          transports: credential.transports?.length ? JSON.stringify(credential.transports) : null,
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name: input.name,
        },
      });
      // The audit event locks the account row until commit, so two registrations at once are
      // counted one after the other: only one of them is the first second factor.
      await recordAuditEvent(tx, actor, { action: "auth.passkey_added", metadata: { passkey_id: passkey.id, name: passkey.name } });
      const factors = await secondFactorsOf(actor.userId, tx);
      const recoveryCodes = await issueRecoveryCodesIfNone(tx, actor.userId);
      if (!factors.totp && factors.passkeys === 1) {
        await recordAuditEvent(tx, actor, { action: "auth.mfa_enabled", metadata: { method: "passkey" } });
      }
      return { passkey: toPasskeyView(passkey), recoveryCodes };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw refused("this passkey is already registered.");
    }
    throw error;
  }
}

/** Removes one of the user's passkeys; the last second factor takes the recovery codes with it. */
export async function removePasskey(actor: AuditActor & { userId: string }, passkeyId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: actor.userId }, select: { id: true, name: true } });
    if (!passkey) throw new ApiError("not_found", "No such passkey.");
    await tx.passkey.deleteMany({ where: { id: passkey.id, userId: actor.userId } });
    // Locks the account row (see addPasskey): of two removals at once, the later one sees the
    // earlier one's, so the codes go with whichever removes the last factor.
    await recordAuditEvent(tx, actor, { action: "auth.passkey_removed", metadata: { passkey_id: passkey.id, name: passkey.name } });
    if (!hasSecondFactor(await secondFactorsOf(actor.userId, tx))) {
      await dropRecoveryCodes(tx, actor.userId);
      await recordAuditEvent(tx, actor, { action: "auth.mfa_disabled", metadata: { method: "passkey" } });
    }
  });
}

export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<PasskeyView> {
  const { count } = await db().passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } });
  if (count !== 1) throw new ApiError("not_found", "No such passkey.");
  const passkey = await db().passkey.findFirst({ where: { id: passkeyId, userId } });
  if (!passkey) throw new ApiError("not_found", "No such passkey.");
  return toPasskeyView(passkey);
}
