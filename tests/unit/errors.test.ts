import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, ERROR_STATUS, errorResponse, redactSecrets, toErrorResponse, validationError } from "@/lib/http/errors";

afterEach(() => vi.restoreAllMocks());

describe("the error envelope", () => {
  it.each(Object.entries(ERROR_STATUS))("%s answers %i in the envelope", async (code, status) => {
    const response = errorResponse(new ApiError(code as keyof typeof ERROR_STATUS, "Something specific."));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: "Something specific." } });
  });

  it("uses 401 for who-are-you and 403 for may-not", () => {
    expect(ERROR_STATUS.unauthorized).toBe(401);
    expect(ERROR_STATUS.forbidden).toBe(403);
    expect(ERROR_STATUS.cross_site_request).toBe(403);
  });

  it("carries details and headers when given", async () => {
    const response = errorResponse(new ApiError("rate_limited", "Slow down.", { details: { retry_after: 30 }, headers: { "Retry-After": "30" } }));
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Slow down.", details: { retry_after: 30 } } });
  });

  it("names every offending field of a zod failure", async () => {
    const parsed = z.strictObject({ email: z.email(), nested: z.object({ n: z.number() }) }).safeParse({ email: "x", nested: { n: "1" }, extra: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const error = validationError(parsed.error);
    expect(error.status).toBe(400);
    const body = await errorResponse(error).json();
    expect(body.error.code).toBe("invalid_request");
    // An unknown field is named itself, so a typo is pointed at.
    expect(body.error.details.fields).toEqual(["email", "nested.n", "extra"]);
    expect(body.error.message).toContain("email");
  });
});

describe("toErrorResponse", () => {
  it("passes an ApiError through unchanged", async () => {
    const response = toErrorResponse(new ApiError("not_found", "No such key."), "GET /x");
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe("No such key.");
  });

  it("answers anything else with a bare 500 and logs it with keys redacted", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    const secret = "sk_live_" + "A1b2C3d4".repeat(4);
    const response = toErrorResponse(new Error(`connect ECONNREFUSED 10.0.0.5:5432 while storing ${secret}`), "POST /api/v1/keys");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: expect.any(String) } });
    expect(text).not.toMatch(/ECONNREFUSED|5432|sk_live_|at .*\.ts|Error:/);
    expect(logged.join("\n")).toContain("ECONNREFUSED");
    expect(logged.join("\n")).not.toContain(secret);
  });
});

describe("redactSecrets", () => {
  it.each([
    ["a key alone", `sk_live_${"x".repeat(40)}`, "sk_live_[REDACTED]"],
    ["a key inside a header line", `Authorization: Bearer sk_live_${"Ab9".repeat(12)} from 1.2.3.4`, "Authorization: Bearer sk_live_[REDACTED] from 1.2.3.4"],
    ["two keys", `old=sk_live_${"a".repeat(32)} new=sk_live_${"b".repeat(32)}`, "old=sk_live_[REDACTED] new=sk_live_[REDACTED]"],
    ["no key", "nothing secret here", "nothing secret here"],
    ["a bare prefix", "keys start with sk_live_", "keys start with sk_live_"],
  ])("%s", (_label, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});
