import { describe, expect, it } from "vitest";
import { emailSchema, passwordSchema, signupSchema } from "@/lib/auth/schemas";

describe("emailSchema", () => {
  it("trims and lower-cases", () => {
    expect(emailSchema.parse("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
  });
  it.each(["", "ada", "ada@", "@example.com", "ada example.com", `${"a".repeat(250)}@example.com`])("refuses %j", (email) => {
    expect(emailSchema.safeParse(email).success).toBe(false);
  });
});

describe("passwordSchema counts bytes, not characters, at the top", () => {
  it.each([
    ["12 characters", "a".repeat(12), true],
    ["11 characters", "a".repeat(11), false],
    ["72 ASCII bytes", "a".repeat(72), true],
    ["73 ASCII bytes", "a".repeat(73), false],
    ["36 two-byte characters", "é".repeat(36), true],
    ["37 two-byte characters", "é".repeat(37), false],
    ["18 four-byte emoji", "🔑".repeat(18), true],
    ["19 four-byte emoji", "🔑".repeat(19), false],
  ])("%s → %s", (_label, password, ok) => {
    expect(passwordSchema.safeParse(password).success).toBe(ok);
  });
});

it("signupSchema refuses unknown fields", () => {
  expect(signupSchema.safeParse({ email: "a@example.com", password: "a".repeat(12), tier: "pro" }).success).toBe(false);
});

describe("signupSchema name: the same display-name rule as key names", () => {
  const base = { email: "a@example.com", password: "a".repeat(12) };
  it.each([
    ["right-to-left override", "Ada \u202Eecalevol", "U+202E (a format character)"],
    ["zero-width space", "Ada\u200BLovelace", "U+200B (a format character)"],
    ["zero-width joiner", "Ada\u200DLovelace", "U+200D (a format character)"],
    ["byte-order mark", "\uFEFFAda", "U+FEFF (a format character)"],
    ["line separator", "Ada\u2028Lovelace", "U+2028 (a line separator)"],
    ["paragraph separator", "Ada\u2029Lovelace", "U+2029 (a paragraph separator)"],
    ["newline", "Ada\nLovelace", "U+000A (a control character)"],
  ])("refuses a %s", (_label, name, named) => {
    const result = signupSchema.safeParse({ ...base, name });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["name", `name must not contain ${named}.`]]);
  });

  it("stores the NFC form, trimmed; 100 characters at most", () => {
    expect(signupSchema.parse({ ...base, name: "  Rene\u0301 Descartes " }).name).toBe("Ren\u00E9 Descartes");
    expect(signupSchema.parse({ ...base, name: "x".repeat(100) }).name).toHaveLength(100);
    expect(signupSchema.safeParse({ ...base, name: "x".repeat(101) }).error?.issues[0]?.message).toBe("name must be at most 100 characters.");
    expect(signupSchema.parse(base).name).toBeUndefined();
  });
});
