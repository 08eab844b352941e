// The authenticator-app maths and the sealed secret, without a server: which steps a code counts
// for, what the otpauth URL tells the app, and that the secret box refuses anything altered.
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { createSecretBox, secretBoxKey } from "@/lib/two-factor/secret-box";
import { matchTotpStep, newTotpSecret, normaliseTotpCode, otpauthUrl, qrCodeSvg, totpStepAt, TOTP_ISSUER } from "@/lib/two-factor/totp";

const codeAt = (secret: string, timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp });

// Mid-step, so "one step either side" is unambiguous.
const NOW = Date.UTC(2026, 10, 27, 12, 0, 15);

describe("matchTotpStep", () => {
  const secret = newTotpSecret();
  const step = totpStepAt(NOW);

  it.each([
    [-2, null],
    [-1, -1],
    [0, 0],
    [1, 1],
    [2, null],
  ])("a code from %i steps away is %s", (offset, expected) => {
    const code = codeAt(secret, NOW + offset * 30_000);
    // A 1-in-a-million collision with a neighbouring step would flip this; a fixed clock makes it stable.
    expect(matchTotpStep(secret, code, NOW)).toBe(expected === null ? null : step + expected);
  });

  it("takes the code with spaces, as apps show it", () => {
    const code = codeAt(secret, NOW);
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(step);
  });

  it("refuses another secret's code and anything not six digits", () => {
    const other = newTotpSecret();
    expect(matchTotpStep(secret, codeAt(other, NOW), NOW)).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef", "12345a", "１２３４５６"]) expect(matchTotpStep(secret, bad, NOW)).toBeNull();
    expect(normaliseTotpCode(" 123 456 ")).toBe("123456");
  });

  it("new secrets are 160 random bits, base32, never repeated", () => {
    const secrets = new Set(Array.from({ length: 50 }, newTotpSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) {
      expect(s).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(s).bytes.length).toBe(20);
    }
  });
});

describe("the otpauth URL and QR code", () => {
  it("names the app and the user and gives the parameters every app reads", () => {
    const secret = newTotpSecret();
    const url = new URL(otpauthUrl(secret, "ada+2fa@example.com"));
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe(`/${TOTP_ISSUER}:ada+2fa@example.com`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ issuer: TOTP_ISSUER, secret, algorithm: "SHA1", digits: "6", period: "30" });
  });

  it("draws the URL as an SVG", async () => {
    const svg = await qrCodeSvg(otpauthUrl(newTotpSecret(), "ada@example.com"));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<path");
  });
});

describe("the secret box", () => {
  const key = secretBoxKey(randomBytes(32).toString("base64url"));
  const box = createSecretBox(key);
  const secret = newTotpSecret();

  it("opens what it sealed, for the same user; the sealed form does not show the secret", () => {
    const sealed = box.seal(secret, "user-1");
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, "user-1")).toBe(secret);
    // A fresh IV every time: the same secret never seals the same way twice.
    expect(box.seal(secret, "user-1")).not.toBe(sealed);
  });

  it("refuses a box altered in any byte", () => {
    const sealed = box.seal(secret, "user-1");
    const [version, iv, body] = sealed.split(".") as [string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[at] = (bytes[at] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    const bodyLength = Buffer.from(body, "base64url").length;
    for (let at = 0; at < bodyLength; at++) expect(box.open(`${version}.${iv}.${flip(body, at)}`, "user-1")).toBeNull();
    for (let at = 0; at < 12; at++) expect(box.open(`${version}.${flip(iv, at)}.${body}`, "user-1")).toBeNull();
    for (const broken of ["", "v1", `v2.${iv}.${body}`, `v1.${iv}`, `v1.${iv}.${body}.x`, `v1..${body}`, `v1.${iv}.AAAA`]) {
      expect(box.open(broken, "user-1")).toBeNull();
    }
  });

  it("refuses it for another user (a sealed secret copied to another row) and under another key", () => {
    const sealed = box.seal(secret, "user-1");
    expect(box.open(sealed, "user-2")).toBeNull();
    const otherBox = createSecretBox(secretBoxKey(randomBytes(32).toString("base64url")));
    expect(otherBox.open(sealed, "user-1")).toBeNull();
  });

  it("derives the key from the deployment secret with a purpose of its own", () => {
    const deployment = randomBytes(32).toString("base64url");
    expect(secretBoxKey(deployment)).toHaveLength(32);
    expect(secretBoxKey(deployment).equals(secretBoxKey(deployment))).toBe(true);
    expect(secretBoxKey(deployment).equals(Buffer.from(deployment))).toBe(false);
  });
});
