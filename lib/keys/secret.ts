// The key itself: sk_live_ + 32 base62 characters from the CSPRNG (about 190 bits) + a
// 6-character base62 CRC32 of everything before it. The checksum lets a malformed or mistyped
// key be refused without a database look-up, and lets secret scanners recognise real keys.
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { resolveSecret } from "@/lib/config/runtime.mjs";

export const KEY_PREFIX = "sk_live_";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Exactly the length generateKey makes: the checksum is public, so a longer body proves nothing.
const KEY_PATTERN = /^sk_live_[0-9A-Za-z]{38}$/;

function base62Fixed(value: number, length: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function checksumOf(body: string): string {
  return base62Fixed(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

export function generateKey(): string {
  const body = KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  return body + checksumOf(body);
}

// Each base62 character's value, by character code.
const BASE62_VALUE = new Uint8Array(128);
for (let i = 0; i < BASE62.length; i++) BASE62_VALUE[BASE62.charCodeAt(i)] = i;

/**
 * Format and checksum only; says nothing about whether the key exists. Runs on every request, so
 * the written checksum is decoded to a number and compared with the CRC32 rather than the CRC32
 * encoded to text (six base62 characters hold any CRC32 in exactly one way: the same test).
 */
export function isWellFormedKey(candidate: string): boolean {
  if (!KEY_PATTERN.test(candidate)) return false;
  let written = 0;
  for (let i = candidate.length - CHECKSUM_LENGTH; i < candidate.length; i++) written = written * 62 + (BASE62_VALUE[candidate.charCodeAt(i)] as number);
  return written === crc32(candidate.slice(0, -CHECKSUM_LENGTH)) >>> 0;
}

export function keyPreview(lastFour: string): string {
  return `${KEY_PREFIX}••••••••${lastFour}`;
}

let hashKeyMaterial: Buffer | undefined;

/**
 * The HMAC key for stored key hashes: API_KEY_HASH_SECRET when set, otherwise derived from the
 * session secret (HKDF), so a deployment has one secret to manage. Changing the one in use
 * invalidates every API key.
 */
function hashSecret(): Buffer {
  if (!hashKeyMaterial) {
    const explicit = process.env.API_KEY_HASH_SECRET?.trim();
    hashKeyMaterial = explicit
      ? Buffer.from(explicit, "utf8")
      : Buffer.from(hkdfSync("sha256", resolveSecret(), "soc-api-keys", "api-key-hash/v1", 32));
  }
  return hashKeyMaterial;
}

/** HMAC-SHA-256, hex. Fast on purpose: keys carry 190 bits of entropy, so no stretching is needed. */
export function hashKey(fullKey: string): string {
  return createHmac("sha256", hashSecret()).update(fullKey).digest("hex");
}
