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
