// The seed page's advice on key names, applied the same way by the API (meta.name_warning)
// and by the settings page before a create is submitted.

export const NAME_ADVICE =
  "Use descriptive, deployment-aware names, like prod-splunk-2026q2, staging-sentinel or tom-laptop-dev. Names like key1, my key or test make audit trails useless.";

export const GOOD_NAME_EXAMPLES = ["prod-splunk-2026q2", "staging-sentinel", "tom-laptop-dev"] as const;

const GENERIC_WORDS = new Set([
  "key", "keys", "api", "apikey", "token", "secret", "test", "testing", "tmp", "temp", "my", "new", "the", "a",
  "foo", "bar", "baz", "demo", "example", "sample", "default", "dev", "prod", "main", "asdf", "qwerty", "xxx", "abc",
]);

/**
 * A warning when a name carries no deployment context: made only of generic words and numbers
 * ("key1", "my key", "test", "api-key-2"). Null when the name says where the key is used.
 */
export function nameWarning(name: string): string | null {
  const words = name
    .trim()
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .flatMap((part) => part.split(/(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/))
    .filter((word) => word !== "");
  const meaningful = words.filter((word) => !GENERIC_WORDS.has(word) && !/^\d+$/.test(word) && word.length > 1);
  return meaningful.length === 0 ? `"${name.trim()}" says nothing about where this key is used. ${NAME_ADVICE}` : null;
}
