// A software authenticator (ES256, P-256) that answers WebAuthn options the way a browser and a
// platform authenticator would, in @simplewebauthn/browser's JSON shape: attestation "none" for
// registration, signed assertions for authentication. Every part an attacker could change (origin,
// RP ID, the user-verified flag, the counter, the challenge) can be overridden per call.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; rpId?: string; allowCredentials?: { id: string }[] };

export type RegistrationJSON = {
  id: string;
  rawId: string;
  type: "public-key";
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: "platform";
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
};

export type AssertionJSON = {
  id: string;
  rawId: string;
  type: "public-key";
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: "platform";
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
};

export type Overrides = {
  /** The origin the "browser" reports (default: the authenticator's origin). */
  origin?: string;
  /** The RP ID hashed into authenticator data (default: the options' RP ID). */
  rpId?: string;
  /** Set the user-verified flag (default true). */
  userVerified?: boolean;
  /** Sign this challenge instead of the options' one. */
  challenge?: string;
};

type Credential = { id: Buffer; privateKey: KeyObject; userHandle: string; counter: number };

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  /** The RP ID a browser on this origin would use when the options name none. */
  private defaultRpId(): string {
    return new URL(this.origin).hostname;
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private flags(overrides: Overrides): number {
    return FLAG_UP | (overrides.userVerified === false ? 0 : FLAG_UV);
  }

  /** navigator.credentials.create(): a new discoverable credential, attestation "none". */
  register(options: CreationOptions, overrides: Overrides = {}): RegistrationJSON {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]);
    const credentialId = randomBytes(32);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const rpId = overrides.rpId ?? options.rp.id ?? this.defaultRpId();
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(overrides) | FLAG_AT]),
      counterBytes(0),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credentialId,
      Buffer.from(isoCBOR.encode(coseKey)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    this.credentials.push({ id: credentialId, privateKey, userHandle: options.user.id, counter: 0 });
    return {
      id: b64url(credentialId),
      rawId: b64url(credentialId),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", overrides.challenge ?? options.challenge, overrides.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /**
   * navigator.credentials.get(): signs with the first allowed credential it holds (or, for
   * discoverable options, its newest). `counter` sets the counter reported (default: one more).
   */
  assert(options: RequestOptions, overrides: Overrides & { counter?: number; credentialId?: string } = {}): AssertionJSON {
    const allowed = new Set((options.allowCredentials ?? []).map((credential) => credential.id));
    const candidates = this.credentials.filter((credential) => {
      if (overrides.credentialId) return b64url(credential.id) === overrides.credentialId;
      return allowed.size === 0 || allowed.has(b64url(credential.id));
    });
    const credential = candidates.at(-1);
    if (!credential) throw new Error("The soft authenticator holds no credential these options allow.");
    credential.counter = overrides.counter ?? credential.counter + 1;
    const rpId = overrides.rpId ?? options.rpId ?? this.defaultRpId();
    const authenticatorData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(overrides)]), counterBytes(credential.counter)]);
    const clientDataJSON = this.clientData("webauthn.get", overrides.challenge ?? options.challenge, overrides.origin ?? this.origin);
    const signer = createSign("SHA256");
    signer.update(Buffer.concat([authenticatorData, sha256(clientDataJSON)]));
    const signature = signer.sign(credential.privateKey); // DER, as WebAuthn's ES256 wants
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
