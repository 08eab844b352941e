// The authenticator secret at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the
// deployment's one secret, so a copy of the database alone (a backup, a read replica, an SQL
// injection elsewhere) does not yield the secrets that mint codes. The user id is bound in as
// additional data: a sealed secret copied into another user's row does not open there.
// Format: `v1.<iv>.<ciphertext+tag>`, both base64url; the version leaves room to change the key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveSecret } from "@/lib/config/runtime.mjs";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretBox = {
  seal(plaintext: string, boundTo: string): string;
  /** null when the box was made under another key, for another user, or was altered. */
  open(sealed: string, boundTo: string): string | null;
};

export function secretBoxKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "soc-api-keys", "totp-secret-box/v1", 32));
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(boundTo, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },

    open(sealed, boundTo) {
      const [version, ivText, bodyText, ...rest] = sealed.split(".");
      if (version !== VERSION || !ivText || !bodyText || rest.length > 0) return null;
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length <= TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(boundTo, "utf8"));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}

let box: SecretBox | undefined;

/** The box under this deployment's secret. Changing NEXTAUTH_SECRET makes enrolled apps unusable. */
export function totpSecretBox(): SecretBox {
  box ??= createSecretBox(secretBoxKey(resolveSecret()));
  return box;
}
