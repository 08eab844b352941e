// Audit cursors (next_cursor, next_since): a position in one account's trail, as an opaque
// token. The position is the account's own event count (AuditEvent.accountSeq), never the global
// seq, which would tell a tenant how many events every other tenant made between two of its own.
// The token carries an HMAC bound to the account, so one account's cursor is refused for another
// and a position cannot be edited or made up by hand. Deterministic (same account and position,
// same token), so it survives restarts and is the same on every instance sharing the secret.
// The tag (layout in cursor-format.ts) is HMAC-SHA-256 over "v1", the account id, the version and
// the position, cut to 128 bits. The position itself is not hidden: it is the account's own
// count of events, which the account can see anyway.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { resolveSecret } from "@/lib/config/runtime.mjs";
import { CURSOR_BYTES, CURSOR_POSITION_BYTES, CURSOR_TAG_BYTES, CURSOR_VERSION } from "./cursor-format";

export { AUDIT_CURSOR_LENGTH } from "./cursor-format";

const MAX_POSITION = 2 ** (8 * CURSOR_POSITION_BYTES) - 1;
const LEGACY = /^seq:(0|[1-9]\d{0,14})$/;

export type AuditCursor =
  /** A position this API issued: events of the account after (since) or before (cursor) it. */
  | { kind: "position"; position: number }
  /** base64url("seq:N") from before account-local cursors: N is a global AuditEvent.seq. */
  | { kind: "legacy"; seq: number };

export type AuditCursorCodec = {
  encode(accountId: string, position: number): string;
  /** null for anything this API did not issue to this account. */
  decode(accountId: string, token: string): AuditCursor | null;
};

/**
 * The codec's key, derived (HKDF) from the session secret the same way the key hash's is, so a
 * deployment has one secret to manage. Changing that secret makes outstanding cursors invalid:
 * pollers then get 400 and resume from a time (since=<ISO 8601>).
 */
export function auditCursorKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "soc-api-keys", "audit-cursor/v1", 32));
}

export function createAuditCursorCodec(key: Buffer): AuditCursorCodec {
  const tagOf = (accountId: string, body: Buffer) =>
    createHmac("sha256", key).update("v1\0").update(accountId, "utf8").update("\0").update(body).digest().subarray(0, CURSOR_TAG_BYTES);

  return {
    encode(accountId, position) {
      if (!Number.isSafeInteger(position) || position < 0 || position > MAX_POSITION) {
        throw new RangeError(`An audit cursor position is an integer from 0 to ${MAX_POSITION}, not ${position}.`);
      }
      const body = Buffer.alloc(1 + CURSOR_POSITION_BYTES);
      body.writeUInt8(CURSOR_VERSION, 0);
      body.writeUIntBE(position, 1, CURSOR_POSITION_BYTES);
      return Buffer.concat([body, tagOf(accountId, body)]).toString("base64url");
    },

    decode(accountId, token) {
      const bytes = Buffer.from(token, "base64url");
      // Buffer.from skips characters outside the alphabet and spare bits of the last one: only
      // the one canonical spelling of the bytes is accepted, so a token has a single form.
      if (bytes.toString("base64url") !== token) return null;
      if (bytes.length === CURSOR_BYTES && bytes[0] === CURSOR_VERSION) {
        const body = bytes.subarray(0, 1 + CURSOR_POSITION_BYTES);
        if (!timingSafeEqual(bytes.subarray(1 + CURSOR_POSITION_BYTES), tagOf(accountId, body))) return null;
        return { kind: "position", position: body.readUIntBE(1, CURSOR_POSITION_BYTES) };
      }
      const legacy = LEGACY.exec(bytes.toString("latin1"));
      return legacy?.[1] ? { kind: "legacy", seq: Number(legacy[1]) } : null;
    },
  };
}

let codec: AuditCursorCodec | undefined;

/** The codec under this deployment's secret. */
export function auditCursors(): AuditCursorCodec {
  codec ??= createAuditCursorCodec(auditCursorKey(resolveSecret()));
  return codec;
}
