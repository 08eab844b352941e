// The README's "For secret scanners" section is what other people's scanners will run, so it is
// tested as written: the regular expression and the JavaScript checksum are read out of the
// README itself and checked against keys the app makes, Stripe-style sk_live_ keys and near-misses.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generateKey } from "@/lib/keys/secret";

const README = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README has no "## ${title}" section`).toBeGreaterThan(-1);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

function fenced(text: string, language: string): string {
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```").exec(text);
  expect(match, `no \`\`\`${language} block`).not.toBeNull();
  return match?.[1] ?? "";
}

const scanners = section("For secret scanners");
const documentedPattern = fenced(scanners, "regex").trim();
/** Finds candidates in text, as a scanner runs the documented expression. */
const documentedRegex = new RegExp(documentedPattern, "g");
/** The documented JavaScript, run as written (its one import handed in). */
const isOurKey = new Function(
  "crc32",
  `${fenced(scanners, "js").replace(/^import .*$/m, "")}\nreturn isOurKey;`,
)(crc32) as (candidate: string) => boolean;

/** What a scanner following the README reports: matches of the expression whose checksum holds. */
function findOurKeys(text: string): string[] {
  return [...text.matchAll(documentedRegex)].map((match) => match[0]).filter((candidate) => isOurKey(candidate));
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function base62(length: number): string {
  return [...randomBytes(length)].map((byte) => BASE62[byte % 62]).join("");
}

describe("the README's key format for secret scanners", () => {
  it("finds every key the app makes, in the middle of other text", () => {
    for (let i = 0; i < 500; i++) {
      const key = generateKey();
      expect(findOurKeys(`API_KEY=${key}\n`), key).toEqual([key]);
      expect(findOurKeys(`{"token":"${key}"}`), key).toEqual([key]);
      expect(findOurKeys(`Authorization: Bearer ${key}`), key).toEqual([key]);
    }
  });

  it("rejects Stripe-style sk_live_ keys", () => {
    for (let i = 0; i < 200; i++) {
      for (const stripe of [`sk_live_${base62(24)}`, `sk_live_${base62(99)}`, `sk_live_51${base62(96)}`, `rk_live_${base62(24)}`]) {
        expect(findOurKeys(`STRIPE_SECRET_KEY=${stripe}`), stripe).toEqual([]);
      }
    }
    // 38 characters by chance: the pattern matches, the checksum does not (one in 56.8 billion would).
    const sameLength = Array.from({ length: 200 }, () => `sk_live_${base62(38)}`);
    expect(sameLength.filter((candidate) => isOurKey(candidate))).toEqual([]);
  });

  it("rejects near-misses: any one character changed, one short, one long, another prefix, glued to other text", () => {
    const key = generateKey();
    for (let position = 8; position < key.length; position++) {
      const changed = key.slice(0, position) + BASE62[(BASE62.indexOf(key[position]!) + 1) % 62] + key.slice(position + 1);
      expect(findOurKeys(` ${changed} `), `position ${position}`).toEqual([]);
    }
    for (const near of [key.slice(0, -1), `${key}a`, `${key}_`, `x${key}`, `_${key}`, key.replace("sk_live_", "sk_test_"), key.replace("sk_live_", "SK_LIVE_"), key.replace("sk_live_", "sk-live-")]) {
      expect(findOurKeys(` ${near} `), near).toEqual([]);
    }
  });

  it("the gitleaks rule and the GitHub custom pattern use the same expression", () => {
    const core = documentedPattern.replace(/^\\b/, "").replace(/\\b$/, "");
    expect(core).toBe("sk_live_[0-9A-Za-z]{38}");
    expect(fenced(scanners, "toml")).toContain(`regex = '''\\b(${core})\\b'''`);
    expect(scanners).toContain(`| Secret format | \`${core}\` |`);
  });
});
