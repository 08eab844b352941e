// Keys found in public, as the settings pages tell of them: which exposed keys still need the
// owner (a banner until a replacement exists), how the find reads, and the account's leak policy.
import { leakPolicyResponseSchema, type LeakPolicy } from "@/lib/leaks/schemas";
import { apiFetch } from "./api";
import { expectShape, type KeyListItem } from "./keys";

export type { LeakPolicy };

/**
 * What an exposed key asks of its owner, or null when nothing: "replace" when it was revoked for
 * the leak (by the revoke policy, or by hand since) and its integration has no key yet; "rotate"
 * when it still works (notify policy). A key revoked or expired before the leak, or already
 * replaced, needs nothing: the leak cannot be used and nothing waits for a key.
 */
export function exposureAction(key: KeyListItem): "replace" | "rotate" | null {
  if (!key.exposed_at || key.replaced_by) return null;
  if (key.status === "active" && key.revoked_at === null) return "rotate";
  if (key.status === "revoked" && key.revoked_at !== null && key.revoked_at >= key.exposed_at) return "replace";
  return null;
}

/** The exposure URL when it is a web address, for a link; anything else is not shown at all. */
export function safeExposureUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Who told us, in words: "reported through <this>". */
export function exposureSourceLabel(source: KeyListItem["exposure_source"]): string {
  return source === "github" ? "GitHub secret scanning" : "a public leak report";
}

export async function setLeakPolicy(policy: LeakPolicy): Promise<LeakPolicy> {
  return expectShape(leakPolicyResponseSchema, await apiFetch<unknown>("/api/v1/keys/leak-policy", { method: "PATCH", body: { policy } })).data.policy;
}
