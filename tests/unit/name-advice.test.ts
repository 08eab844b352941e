import { describe, expect, it } from "vitest";
import { GOOD_NAME_EXAMPLES, NAME_ADVICE, nameWarning } from "@/lib/keys/name-advice";

describe("nameWarning", () => {
  it.each(["key1", "test", "my key", "api-key-2", "  Test  ", "KEY", "new token", "tmp", "prod", "a1"])("warns about %j", (name) => {
    const warning = nameWarning(name);
    expect(warning).toContain(NAME_ADVICE);
    expect(warning).toContain(`"${name.trim()}"`);
  });

  it.each(["prod-splunk-2026q2", "staging-sentinel", "tom-laptop-dev", "github-actions-deploy", "Sentinel connector EU", ...GOOD_NAME_EXAMPLES])(
    "accepts %j",
    (name) => {
      expect(nameWarning(name)).toBeNull();
    },
  );
});
