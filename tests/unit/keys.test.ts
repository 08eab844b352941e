import { describe, expect, it } from "vitest";
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
    id: "k", accountId: "a", name: "prod", lastFour: "abcd", scopes: null, expiresAtMs: null, revokedAtMs: null, tier: "free",
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
