import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKeyRequestSchema, keyNameSchema } from "@/lib/keys/schemas";
import { checksumOf, generateKey, isWellFormedKey, keyPreview } from "@/lib/keys/secret";
import { judgeKey, type VerifiedKey } from "@/lib/keys/verify";
import { effectiveScopes, keyStatus, parseStoredScopes } from "@/lib/keys/view";

describe("key format", () => {
  it("is sk_live_ + 32 base62 + a 6-character CRC32 checksum of the rest", () => {
    for (let i = 0; i < 200; i++) {
      const key = generateKey();
      expect(key).toMatch(/^sk_live_[0-9A-Za-z]{38}$/);
      expect(checksumOf(key.slice(0, -6))).toBe(key.slice(-6));
      expect(isWellFormedKey(key)).toBe(true);
    }
  });

  it("refuses any single-character change, truncation, wrong prefix or foreign characters", () => {
    const key = generateKey();
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (let position = 8; position < key.length; position++) {
      const replacement = alphabet[(alphabet.indexOf(key[position] as string) + 1) % 62];
      expect(isWellFormedKey(key.slice(0, position) + replacement + key.slice(position + 1)), `position ${position}`).toBe(false);
    }
    for (const bad of [key.slice(0, -1), `${key}a`, key.replace("sk_live_", "sk_test_"), key.replace(/.$/, "-"), "", "sk_live_", ` ${key}`]) {
      expect(isWellFormedKey(bad), bad).toBe(false);
    }
  });

  it("is exactly sk_live_ + 38 characters: a longer or shorter key with a valid checksum over it is malformed", () => {
    // The checksum is public, so anyone can put a valid one on any body: only the length tells.
    const random = generateKey().slice(8, 40);
    for (const length of [31, 33, 40, 90, 122]) {
      const body = `sk_live_${random.repeat(4).slice(0, length)}`;
      const key = body + checksumOf(body);
      expect(key.length - 8, `body of ${length}`).not.toBe(38);
      expect(isWellFormedKey(key), `${key.length - 8} characters after the prefix`).toBe(false);
    }
    const thirtyNine = `sk_live_${random}A`;
    expect(isWellFormedKey(thirtyNine + checksumOf(thirtyNine))).toBe(false);
  });

  it("draws characters evenly (no modulo bias towards the start of the alphabet)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const char of generateKey().slice(8, 40)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (2000 * 32) / 62;
    for (const [char, count] of counts) expect(Math.abs(count - expected) / expected, char).toBeLessThan(0.2);
  });

  it("previews show only the last four characters", () => {
    expect(keyPreview("AbC9")).toBe("sk_live_••••••••AbC9");
  });
});

describe("key state against a controllable clock", () => {
  const base: VerifiedKey = {
    id: "k", accountId: "a", name: "prod", lastFour: "abcd", scopes: null, expiresAtMs: null, revokedAtMs: null, tier: "free", allowList: null,
  };
  const t = Date.UTC(2026, 10, 26, 12, 0, 0);

  it("a key is refused from the instant it expires or its revocation takes effect, not before", () => {
    expect(judgeKey({ ...base, expiresAtMs: t }, t - 1).ok).toBe(true);
    expect(judgeKey({ ...base, expiresAtMs: t }, t)).toMatchObject({ ok: false, code: "key_expired" });
    expect(judgeKey({ ...base, revokedAtMs: t }, t - 1).ok).toBe(true);
    expect(judgeKey({ ...base, revokedAtMs: t }, t)).toMatchObject({ ok: false, code: "key_revoked" });
    // Revocation wins over expiry when both have passed.
    expect(judgeKey({ ...base, revokedAtMs: t, expiresAtMs: t }, t + 1)).toMatchObject({ code: "key_revoked" });
    expect(judgeKey(null, t)).toMatchObject({ ok: false, code: "invalid_api_key" });
  });

  it("status follows the same rules", () => {
    const at = new Date(t);
    expect(keyStatus({ revokedAt: null, expiresAt: null }, at)).toBe("active");
    expect(keyStatus({ revokedAt: new Date(t + 1), expiresAt: null }, at)).toBe("active");
    expect(keyStatus({ revokedAt: new Date(t), expiresAt: null }, at)).toBe("revoked");
    expect(keyStatus({ revokedAt: null, expiresAt: new Date(t) }, at)).toBe("expired");
  });
});

describe("scopes follow the tier", () => {
  it("a key without its own list has its tier's full set, live", () => {
    expect(effectiveScopes(null, "free")).toEqual(["audit:read", "keys:read"]);
    expect(effectiveScopes(null, "pro")).toEqual(["audit:read", "keys:read", "usage:read"]);
  });

  it("a key's own list never reaches beyond its tier, e.g. after a downgrade", () => {
    expect(effectiveScopes(parseStoredScopes(JSON.stringify(["usage:read", "audit:read"])), "free")).toEqual(["audit:read"]);
    expect(effectiveScopes(parseStoredScopes(JSON.stringify(["usage:read"])), "pro")).toEqual(["usage:read"]);
  });
});

describe("key names", () => {
  // Characters that hide, reorder or break a name on screen and in audit trails, each refused with
  // its code point named. Checked before trimming: a trailing one is refused, not silently dropped.
  it.each([
    ["right-to-left override", "prod-\u202Egnp.exe", "U+202E (a format character)"],
    ["left-to-right isolate", "prod-\u2066x", "U+2066 (a format character)"],
    ["zero-width space", "prod\u200Bsplunk", "U+200B (a format character)"],
    ["zero-width joiner", "prod\u200Dsplunk", "U+200D (a format character)"],
    ["byte-order mark, leading", "\uFEFFprod-splunk", "U+FEFF (a format character)"],
    ["soft hyphen", "prod\u00ADsplunk", "U+00AD (a format character)"],
    ["tag character (outside the BMP)", "prod\u{E0041}", "U+E0041 (a format character)"],
    ["line separator", "prod\u2028splunk", "U+2028 (a line separator)"],
    ["line separator, trailing", "prod-splunk\u2028", "U+2028 (a line separator)"],
    ["paragraph separator", "prod\u2029splunk", "U+2029 (a paragraph separator)"],
    ["NUL", "prod\u0000splunk", "U+0000 (a control character)"],
    ["newline", "prod\nsplunk", "U+000A (a control character)"],
    ["tab, trailing", "prod-splunk\t", "U+0009 (a control character)"],
    ["DEL", "prod\u007Fsplunk", "U+007F (a control character)"],
    ["C1 next line", "prod\u0085splunk", "U+0085 (a control character)"],
    ["lone surrogate", "prod\uD800splunk", "U+D800 (a lone surrogate)"],
  ])("refuses a %s", (_label, name, named) => {
    const result = keyNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([`name must not contain ${named}.`]);
  });

  it.each([
    ["empty", "", "name must not be empty."],
    ["blank", "   ", "name must not be empty."],
    ["65 characters", "x".repeat(65), "name must be at most 64 characters."],
    ["not a string", 42, "name must be a string."],
  ])("refuses %s", (_label, name, message) => {
    expect(keyNameSchema.safeParse(name).error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it("stores the NFC form, so names that differ only in normalisation are one name", () => {
    expect(keyNameSchema.parse("cafe\u0301")).toBe("caf\u00E9");
    expect(keyNameSchema.parse("caf\u00E9")).toBe("caf\u00E9");
    expect(keyNameSchema.parse("  \u1100\u1161-prod  ")).toBe("\uAC00-prod");
    // Combining marks, emoji and other scripts stay welcome.
    for (const name of ["prod-splunk-2026q2", "Ünïcödé-sentinel", "東京-prod", "prod 🔑", "Ǆ-x"]) expect(keyNameSchema.parse(name)).toBe(name.normalize("NFC"));
  });

  it("the create request applies the same rule", () => {
    expect(createKeyRequestSchema.safeParse({ name: "a\u202Eb" }).success).toBe(false);
    expect(createKeyRequestSchema.parse({ name: "cafe\u0301" }).name).toBe("caf\u00E9");
  });

  const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
  // Mostly the characters that matter here, so the property meets them often, plus any code point.
  const nameArbitrary = fc.string({
    unit: fc.oneof(
      fc.constantFrom("e", "\u0301", "\u00E9", " ", "\t", "\n", "\u202E", "\u200B", "\u200D", "\uFEFF", "\u2028", "\u2029", "\uD800", "\u1100", "\u1161"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 70,
  });

  it("property: a name is accepted exactly when its NFC, trimmed form is clean and 1-64 characters; what is accepted is that form", () => {
    fc.assert(
      fc.property(nameArbitrary, (raw) => {
        const result = keyNameSchema.safeParse(raw);
        const normalised = raw.normalize("NFC");
        const expected = normalised.trim();
        const acceptable = !FORBIDDEN.test(normalised) && expected.length >= 1 && expected.length <= 64;
        expect(result.success).toBe(acceptable);
        if (result.success) {
          expect(result.data).toBe(expected);
          expect(result.data).toBe(result.data.normalize("NFC"));
          expect(result.data).not.toMatch(FORBIDDEN);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
