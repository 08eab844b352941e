// How an audit event reads in the console: a label for its action, who did it, and one line of
// details from its metadata (a change as before → after, a new source as where it came from).
import type { AuditEvent } from "@/lib/client/audit-events";
import { describeKeyEvent, leakReporter } from "@/lib/client/key-events";

export const ACTION_LABELS: Record<string, string> = {
  "api_key.created": "Created key",
  "api_key.updated": "Changed key",
  "api_key.rotated": "Rotated key",
  "api_key.revoked": "Revoked key",
  "api_key.new_source": "Key used from a new network",
  "api_key.exposed": "Key found in public",
  "account.leak_policy_changed": "Changed leak policy",
  "auth.signed_in": "Signed in",
  "auth.sign_in_failed": "Sign-in refused",
  "auth.reauthenticated": "Confirmed identity",
  "auth.mfa_enabled": "Turned on two-factor authentication",
  "auth.mfa_disabled": "Turned off two-factor authentication",
  "auth.recovery_code_used": "Used a recovery code",
  "auth.recovery_codes_regenerated": "Made new recovery codes",
  "auth.passkey_added": "Added a passkey",
  "auth.passkey_removed": "Removed a passkey",
  "auth.password_changed": "Changed password",
  "auth.sessions_ended": "Signed out other browsers",
  "webhook.created": "Added a webhook endpoint",
  "webhook.updated": "Changed a webhook endpoint",
  "webhook.deleted": "Deleted a webhook endpoint",
  "member.invited": "Invited a member",
  "member.joined": "Joined the account",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "invitation.revoked": "Revoked an invitation",
  "account.policy_changed": "Changed account policies",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Events whose words come from describeKeyEvent, as on the key page: details only, or the title too. */
const DETAILS_ONLY = new Set(["api_key.updated", "api_key.exposed", "account.leak_policy_changed"]);

/** Events a key causes by being used have no user: the key itself is the actor; a leak's, its finder. */
export function actorOf(event: AuditEvent): string {
  if (event.action === "api_key.new_source") return "The key itself";
  const reporter = leakReporter(event);
  if (reporter) return reporter.charAt(0).toUpperCase() + reporter.slice(1);
  return event.actor.email ?? event.actor.user_id ?? "unknown";
}

const label = (name: string) => name.replaceAll("_", " ");
const HIDDEN_FIELDS = new Set(["session_id", "passkey_id"]);

export function metadataSummary(event: AuditEvent): string | null {
  const metadata = event.metadata;
  if (!metadata) return null;
  // Changes, new sources, leaks and the leak policy read as on the key page.
  if (DETAILS_ONLY.has(event.action)) return describeKeyEvent(event).details.join(" · ") || null;
  if (event.action === "api_key.new_source" || leakReporter(event)) {
    const story = describeKeyEvent(event);
    return [story.title, ...story.details].join(" · ");
  }
  const member = memberSummary(event.action, metadata);
  if (member) return member;
  const parts: string[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    // Ids of sessions and passkeys mean nothing to a reader; the method and reason do.
    if (HIDDEN_FIELDS.has(name)) continue;
    if (event.action.startsWith("auth.") && typeof value === "string") {
      parts.push(`${label(name)}: ${label(value).replaceAll("+", " + ")}`);
      continue;
    }
    if (Array.isArray(value)) parts.push(`${label(name)}: ${value.map(String).join(", ")}`);
    else if (value !== null && value !== undefined && typeof value !== "object") parts.push(`${label(name)}: ${String(value)}`);
  }
  return parts.length > 0 ? parts.join(" · ") : null;
}

const text = (value: unknown): string | null => (typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null);

/** Member and policy events: who, which role, what changed, in one line. */
function memberSummary(action: string, metadata: Record<string, unknown>): string | null {
  const person = (value: unknown) => text((value as { email?: unknown } | null)?.email);
  switch (action) {
    case "member.invited":
      return `${text(metadata.email) ?? "someone"} as ${text(metadata.role) ?? "?"}`;
    case "invitation.revoked":
      return `invitation of ${text(metadata.email) ?? "someone"} (${text(metadata.role) ?? "?"})`;
    case "member.joined":
      return `${person(metadata.member) ?? "someone"} as ${text(metadata.role) ?? "?"}`;
    case "member.role_changed":
      return `${person(metadata.member) ?? "someone"}: ${text(metadata.before) ?? "?"} → ${text(metadata.after) ?? "?"}`;
    case "member.removed": {
      const keys = typeof metadata.active_keys === "number" && metadata.active_keys > 0 ? ` · ${metadata.active_keys} of their keys still work` : "";
      return `${person(metadata.member) ?? "someone"} (${text(metadata.role) ?? "?"})${metadata.left_by_themselves === true ? " left" : ""}${keys}`;
    }
    case "account.policy_changed": {
      const before = (metadata.before ?? {}) as Record<string, unknown>;
      const after = (metadata.after ?? {}) as Record<string, unknown>;
      const parts = Object.keys(after).map((name) => `${label(name)}: ${text(before[name]) ?? "none"} → ${text(after[name]) ?? "none"}`);
      return parts.join(" · ") || null;
    }
    default:
      return null;
  }
}
