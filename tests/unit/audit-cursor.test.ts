// The audit cursor codec: positions are account-local, opaque, bound to their account and
// impossible to make up; the seq:N values of the old API are still read.
import { describe, expect, it } from "vitest";
import { AUDIT_CURSOR_LENGTH, auditCursorKey, createAuditCursorCodec } from "@/lib/audit/cursor";

const codec = createAuditCursorCodec(auditCursorKey("unit-test-secret-that-is-long-enough-0123456789"));
const ALICE = "3f1c2a9e-8d4b-4c1e-9a7f-0b6d5e4c3b2a";
const BOB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const legacy = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** Flips one bit of the decoded token and encodes it again, as someone editing a cursor would. */
function flipBit(token: string, byte: number, bit = 0): string {
  const bytes = Buffer.from(token, "base64url");
  bytes[byte] = (bytes[byte] ?? 0) ^ (1 << bit);
  return bytes.toString("base64url");
}

describe("audit cursors", () => {
  it("round-trip an account's position, from 0 to beyond any realistic count", () => {
    for (const position of [0, 1, 2, 255, 256, 65_535, 1_000_000, 2 ** 40, 2 ** 48 - 1]) {
      const token = codec.encode(ALICE, position);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(token).toHaveLength(AUDIT_CURSOR_LENGTH);
      expect(codec.decode(ALICE, token)).toEqual({ kind: "position", position });
    }
  });

  it("are the same for the same account and position every time, on every instance", () => {
    const other = createAuditCursorCodec(auditCursorKey("unit-test-secret-that-is-long-enough-0123456789"));
    expect(other.encode(ALICE, 42)).toBe(codec.encode(ALICE, 42));
    expect(codec.encode(ALICE, 42)).not.toBe(codec.encode(ALICE, 43));
  });

  it("are refused for another account", () => {
    expect(codec.decode(BOB, codec.encode(ALICE, 7))).toBeNull();
    expect(codec.decode(ALICE, codec.encode(BOB, 7))).toBeNull();
  });

  it("are refused under another secret (cursors do not outlive a secret rotation silently)", () => {
    const other = createAuditCursorCodec(auditCursorKey("another-secret-that-is-also-long-enough-987654"));
    expect(other.decode(ALICE, codec.encode(ALICE, 7))).toBeNull();
  });

  it("are refused after any single bit of them is changed, so a position cannot be edited by hand", () => {
    const token = codec.encode(ALICE, 1000);
    const length = Buffer.from(token, "base64url").length;
    for (let byte = 0; byte < length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        expect(codec.decode(ALICE, flipBit(token, byte, bit)), `byte ${byte} bit ${bit}`).toBeNull();
      }
    }
  });

  it("are refused when shortened, lengthened, padded or spelled differently", () => {
    const token = codec.encode(ALICE, 1000);
    // Same bytes, another spelling: the last character carries two spare bits a lax decoder ignores.
    const lastIndex = BASE64URL.indexOf(token.at(-1) ?? "A");
    const respelled = token.slice(0, -1) + BASE64URL[lastIndex ^ 1];
    expect(Buffer.from(respelled, "base64url")).toEqual(Buffer.from(token, "base64url"));
    for (const bad of [token.slice(0, -1), `${token}A`, `${token}=`, respelled, token.replace(/-/g, "+").replace(/_/g, "/"), "", " ", "null", `${token.slice(0, 10)}!${token.slice(11)}`]) {
      if (bad === token) continue;
      expect(codec.decode(ALICE, bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("read the old seq:N values as legacy global positions", () => {
    expect(codec.decode(ALICE, legacy("seq:0"))).toEqual({ kind: "legacy", seq: 0 });
    expect(codec.decode(ALICE, legacy("seq:1234"))).toEqual({ kind: "legacy", seq: 1234 });
    expect(codec.decode(BOB, legacy("seq:1234"))).toEqual({ kind: "legacy", seq: 1234 });
    for (const bad of ["seq:", "seq:-1", "seq:1e3", "seq:1234567890123456", "seq: 1", "SEQ:1", "seq:1\n", "pos:1"]) {
      expect(codec.decode(ALICE, legacy(bad)), bad).toBeNull();
    }
  });

  it("are no longer than the query schema accepts", async () => {
    const { listAuditEventsQuerySchema } = await import("@/lib/audit/schemas");
    const token = codec.encode(ALICE, 2 ** 48 - 1);
    expect(listAuditEventsQuerySchema.safeParse({ cursor: token }).success).toBe(true);
    expect(listAuditEventsQuerySchema.safeParse({ since: token }).success).toBe(true);
    expect(listAuditEventsQuerySchema.safeParse({ cursor: legacy("seq:123456789012345") }).success).toBe(true);
    expect(listAuditEventsQuerySchema.safeParse({ cursor: `${token}A` }).success).toBe(false);
  });

  it("refuse positions that cannot be encoded", () => {
    for (const position of [-1, 1.5, Number.NaN, 2 ** 48]) expect(() => codec.encode(ALICE, position)).toThrow();
  });
});
