// Proving who one is with a passkey: for sign-in (discoverable: the authenticator offers the
// user's passkeys for this site, no user named beforehand) and to re-authenticate a session
// (only that user's passkeys). lib/auth calls these two functions; nothing here starts a session.
//
// Refusals are a bare null (the caller says "that did not work" and nothing more) and one log
// line with the reason, never the challenge, signature or key.
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { db } from "@/lib/db";
import { consumeChallenge, storeChallenge } from "./challenges";
import { challengeOf } from "./client-data";
import { storedTransports } from "./registration";
import { relyingParty, type HeaderGetter } from "./relying-party";
import { authenticationResponseSchema } from "./schemas";

export type { HeaderGetter } from "./relying-party";

type Purpose = "authentication" | "reauthentication";

export async function passkeyAuthenticationOptions(input: {
  userId?: string;
  headers: HeaderGetter;
  purpose: Purpose;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = relyingParty(input.headers);
  const allowCredentials = input.userId
    ? (await db().passkey.findMany({ where: { userId: input.userId }, select: { credentialId: true, transports: true } })).map((passkey) => ({
        id: passkey.credentialId,
        transports: storedTransports(passkey.transports),
      }))
    : [];
  const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials, userVerification: "required" });
  await storeChallenge(options.challenge, input.purpose, input.userId ?? null);
  return options;
}

function refuse(reason: string): null {
  console.warn(`[passkeys] assertion refused: ${reason}`);
  return null;
}

export async function verifyPasskeyAuthentication(input: {
  response: unknown;
  headers: HeaderGetter;
  purpose: Purpose;
  expectedUserId?: string;
}): Promise<{ userId: string; passkeyId: string } | null> {
  const parsed = authenticationResponseSchema.safeParse(input.response);
  if (!parsed.success) return refuse("malformed response");
  const response = parsed.data;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) return refuse("no challenge in clientDataJSON");
  // Single use: consumed before the signature is checked, so no answer is ever checked twice.
  // Sign-in challenges are issued to nobody (the public options route), also when the passkey is
  // the second step after a password; re-authentication challenges name the session's user.
  const challengeOwner = input.purpose === "reauthentication" ? (input.expectedUserId ?? null) : null;
  if (!(await consumeChallenge(challenge, input.purpose, challengeOwner))) {
    return refuse(`unknown, expired, used or foreign ${input.purpose} challenge`);
  }
  const passkey = await db().passkey.findFirst({
    where: { credentialId: response.id, ...(input.expectedUserId ? { userId: input.expectedUserId } : {}) },
  });
  if (!passkey) return refuse("unknown credential");
  // The user handle, when the authenticator sends one, must be the passkey's owner.
  if (response.response.userHandle !== undefined) {
    const handle = Buffer.from(response.response.userHandle, "base64url").toString("utf8");
    if (handle !== passkey.userId) return refuse(`user handle does not match passkey ${passkey.id}`);
  }
  const rp = relyingParty(input.headers);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        counter: Number(passkey.counter),
        transports: storedTransports(passkey.transports),
      },
    });
  } catch (error) {
    // Includes a counter that did not increase: a cloned authenticator (WebAuthn §6.1.1).
    return refuse(`passkey ${passkey.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!verification.verified) return refuse(`passkey ${passkey.id}: signature did not verify`);
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  // Conditional on the counter read, so two valid assertions racing cannot both move it.
  const { count } = await db().passkey.updateMany({
    where: { id: passkey.id, userId: passkey.userId, counter: passkey.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date(), backedUp: credentialBackedUp },
  });
  if (count !== 1) return refuse(`passkey ${passkey.id}: counter changed meanwhile`);
  return { userId: passkey.userId, passkeyId: passkey.id };
}
