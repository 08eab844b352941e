// Is this delivery from GitHub? ECDSA P-256 with SHA-256 over the raw body bytes, the signature
// base64 of its DER encoding, checked with Node's own crypto before the body is parsed: a
// tampered or unsigned body never reaches the JSON parser or the database.
import { verify } from "node:crypto";
import { ApiError } from "@/lib/http/errors";
import { githubPublicKey } from "./public-keys";

export const KEY_IDENTIFIER_HEADER = "github-public-key-identifier";
export const SIGNATURE_HEADER = "github-public-key-signature";

function refused(reason: string): ApiError {
  return new ApiError("unauthorized", `Not a signed GitHub secret-scanning delivery: ${reason}.`);
}

export async function assertSignedByGithub(headers: Headers, rawBody: Buffer): Promise<void> {
  const identifier = headers.get(KEY_IDENTIFIER_HEADER)?.trim();
  const signature = headers.get(SIGNATURE_HEADER)?.trim();
  if (!identifier || !signature) throw refused("the Github-Public-Key-Identifier and Github-Public-Key-Signature headers are required");
  if (identifier.length > 256 || signature.length > 512 || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) throw refused("the signature is malformed");
  const key = await githubPublicKey(identifier);
  if (!key) throw refused("the key identifier is not one of GitHub's secret-scanning keys");
  let valid = false;
  try {
    valid = verify("sha256", rawBody, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    // A signature that is not DER at all: the same refusal as a wrong one.
    valid = false;
  }
  if (!valid) throw refused("the signature does not match the body");
}
