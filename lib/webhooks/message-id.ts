// The webhook-id of a message: `msg_` and 26 random base32 characters (130 bits). The same id
// goes with every attempt and every redelivery of one message, so receivers can drop repeats.
import { randomBytes } from "node:crypto";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const LENGTH = 26;

export function newMessageId(): string {
  // 256 is a multiple of 32: each byte's low five bits are uniform.
  return "msg_" + [...randomBytes(LENGTH)].map((byte) => BASE32[byte & 31]).join("");
}
