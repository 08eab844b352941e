// The layout of audit cursors, apart from the codec (lib/audit/cursor.ts, server only) so the
// query schema, which the browser bundle also loads, can size its limits without node:crypto.
// base64url without padding of: version (1 byte) | position (6 bytes, big-endian) | tag (16 bytes).
export const CURSOR_VERSION = 1;
export const CURSOR_POSITION_BYTES = 6;
export const CURSOR_TAG_BYTES = 16;
export const CURSOR_BYTES = 1 + CURSOR_POSITION_BYTES + CURSOR_TAG_BYTES;
/** Length of every cursor this API issues (31 characters). */
export const AUDIT_CURSOR_LENGTH = Math.ceil((CURSOR_BYTES * 8) / 6);
/** The old form, base64url("seq:N") with N of up to 15 digits, is at most this long (26). */
export const LEGACY_CURSOR_MAX_LENGTH = Math.ceil(((4 + 15) * 8) / 6);
