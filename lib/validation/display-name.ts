// The rule for names people give things and themselves (key names, user names): text that shows
// in lists and audit trails and that others compare by eye. So a name is stored in Unicode NFC,
// and two names that look alike because they differ only in normalisation are one name (a
// unique index over the stored form does the comparing). Characters that hide, reorder or break
// text on screen are refused, not stripped, with their code point named so the sender can find
// them: controls (Cc), format characters (Cf: bidi overrides and isolates, zero-width spaces and
// joiners, the byte-order mark), line and paragraph separators (Zl, Zp), and lone surrogates
// (Cs), which are not text at all. They are refused wherever they stand, also at the ends, which
// trimming would otherwise silently remove.
import { z } from "zod";

const REFUSED: { category: RegExp; what: string }[] = [
  { category: /\p{Cc}/u, what: "a control character" },
  { category: /\p{Cf}/u, what: "a format character" },
  { category: /\p{Zl}/u, what: "a line separator" },
  { category: /\p{Zp}/u, what: "a paragraph separator" },
  { category: /\p{Cs}/u, what: "a lone surrogate" },
];
const ANY_REFUSED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** "U+202E (a format character)" for the first refused character in `value`, or null. */
export function firstRefusedCharacter(value: string): string | null {
  const match = ANY_REFUSED.exec(value);
  if (!match) return null;
  const char = match[0];
  const codePoint = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  const what = REFUSED.find(({ category }) => category.test(char))?.what ?? "a refused character";
  return `U+${codePoint} (${what})`;
}

/**
 * A display name: NFC, without refused characters, trimmed, 1 to maxLength UTF-16 units.
 * `field` starts each message, as the API and the forms show them ("name must not be empty.").
 */
export function displayNameSchema({ maxLength, field = "name" }: { maxLength: number; field?: string }) {
  return z
    .string({ error: `${field} must be a string.` })
    .overwrite((value) => value.normalize("NFC"))
    .refine((value) => firstRefusedCharacter(value) === null, {
      error: (issue) => `${field} must not contain ${firstRefusedCharacter(String(issue.input))}.`,
    })
    .trim()
    .min(1, `${field} must not be empty.`)
    .max(maxLength, `${field} must be at most ${maxLength} characters.`)
    .describe(
      "Trimmed and stored in Unicode NFC, so names that differ only in normalisation are the same name. Control, format (bidi, zero-width), line and paragraph separator characters are refused.",
    );
}
