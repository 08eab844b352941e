// An endpoint's signing secret: Standard Webhooks' format, `whsec_` and the base64 of 32 random
// bytes (what `new Webhook(secret)` of the standardwebhooks library takes, prefix and all). Shown
// to its owner once, when the endpoint is created; at rest it is sealed (AES-256-GCM, the TOTP
// secrets' box under its own key) and bound to the endpoint's id, so a copy of the database alone
// cannot sign, and a sealed secret copied into another endpoint's row does not open there.
import { hkdfSync, randomBytes } from "node:crypto";
import { resolveSecret } from "@/lib/config/runtime.mjs";
import { createSecretBox, type SecretBox } from "@/lib/two-factor/secret-box";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

let box: SecretBox | undefined;

function webhookSecretBox(): SecretBox {
  box ??= createSecretBox(Buffer.from(hkdfSync("sha256", resolveSecret(), "soc-api-keys", "webhook-secret-box/v1", 32)));
  return box;
}

export function sealWebhookSecret(secret: string, endpointId: string): string {
  return webhookSecretBox().seal(secret, endpointId);
}

/** The secret, or an Error when the box does not open (another deployment secret, another row, altered). */
export function openWebhookSecret(sealed: string, endpointId: string): string {
  const secret = webhookSecretBox().open(sealed, endpointId);
  if (secret === null) throw new Error("The webhook signing secret does not open under this deployment's secret.");
  return secret;
}
