// How a person types an address allowlist (one per line, or separated by commas or spaces) and
// how it reads back.

/** The entries of a typed allowlist, trimmed, blanks dropped; an empty text is no list at all. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** "IP-restricted · 2": the chip on the list, and the words a screen reader hears with it. */
export function allowedIpsSummary(allowed: string[] | null): { chip: string; label: string } | null {
  if (!allowed || allowed.length === 0) return null;
  const count = allowed.length;
  return {
    chip: `IP-restricted · ${count}`,
    label: `Usable only from ${count === 1 ? "this address" : `these ${count} addresses`}: ${allowed.join(", ")}`,
  };
}
