// Message ids (Standard Webhooks `webhook-id`): `msg_` + 26 random Crockford base32 characters
// (130 bits). The same id goes out on every retry and redelivery, so a receiver can drop repeats.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newMessageId(): string {
  const bytes = randomBytes(26);
  let id = "msg_";
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
