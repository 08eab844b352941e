// Where the browser goes after sign-in: only a path on this site, whatever the query string says.
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/require-principal";

const FALLBACK = "/settings/api-keys";

describe("safeReturnPath", () => {
  it.each([
    ["/settings/api-keys?x=1#y", "/settings/api-keys?x=1#y"],
    ["/settings/audit-log", "/settings/audit-log"],
    ["/docs/api#keys", "/docs/api#keys"],
    ["/", "/"],
    // Kept, but normalised the way the browser would read them, so what is checked is what is followed.
    ["/settings/../docs/api", "/docs/api"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5C%5Cevil.example", "/%5C%5Cevil.example"],
    ["/a b", "/a%20b"],
  ])("keeps the same-site path %j as %j", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    // The URL parser drops tabs and newlines anywhere, so these become //evil.example.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    // Protocol-relative and the backslash forms browsers treat as //.
    "//evil.example",
    "//evil.example/settings/api-keys",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    // Dot segments that normalise to //host.
    "/.//evil.example",
    "/..//evil.example",
    "/x/..//evil.example",
    // Other origins and other schemes.
    "https://evil.example/x",
    "http://evil.example",
    "http:evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    // Not a path at all.
    "settings/api-keys",
    " /settings/api-keys",
    "",
  ])("refuses %j and returns the fallback", (value) => {
    expect(safeReturnPath(value)).toBe(FALLBACK);
  });

  it("takes the first of repeated parameters and the fallback when absent", () => {
    expect(safeReturnPath(["/docs/api", "//evil.example"])).toBe("/docs/api");
    expect(safeReturnPath(["//evil.example", "/docs/api"])).toBe(FALLBACK);
    expect(safeReturnPath(undefined)).toBe(FALLBACK);
    expect(safeReturnPath(undefined, "/docs/api")).toBe("/docs/api");
  });

  it("never returns anything a browser would resolve to another origin", () => {
    const page = "https://console.example.test/sign-in?callbackUrl=x";
    for (const value of ["/\t/evil.example", "/.//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "/ok?next=//evil.example"]) {
      expect(new URL(safeReturnPath(value), page).origin).toBe("https://console.example.test");
    }
  });
});
