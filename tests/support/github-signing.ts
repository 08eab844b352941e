// Signing a secret-scanning delivery as GitHub does: ECDSA P-256, SHA-256 over the exact body
// bytes, base64 of the DER signature, with the key's identifier beside it.
import { sign } from "node:crypto";

export type GithubSigner = { identifier: string; privateKeyPem: string };

export function signedDelivery(signer: GithubSigner, body: string): { body: string; headers: Record<string, string> } {
  const signature = sign("sha256", Buffer.from(body), { key: signer.privateKeyPem, dsaEncoding: "der" }).toString("base64");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "github-public-key-identifier": signer.identifier,
      "github-public-key-signature": signature,
    },
  };
}

export function postToGithubEndpoint(baseUrl: string, delivery: { body: string; headers: Record<string, string> }): Promise<Response> {
  return fetch(new URL("/api/v1/secret-scanning/github", baseUrl), { method: "POST", body: delivery.body, headers: delivery.headers });
}
