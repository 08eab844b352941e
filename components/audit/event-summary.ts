// How an audit event reads in the console: a label for its action, who did it, and one line of
// details from its metadata (a change as before → after, a new source as where it came from).
import type { AuditEvent } from "@/lib/client/audit-events";

export const ACTION_LABELS: Record<string, string> = {
  "api_key.created": "Created key",
  "api_key.updated": "Changed key",
  "api_key.rotated": "Rotated key",
  "api_key.revoked": "Revoked key",
  "api_key.new_source": "Key used from a new network",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Events a key causes by being used have no user: the key itself is the actor. */
export function actorOf(event: AuditEvent): string {
  if (event.action === "api_key.new_source") return "The key itself";
  return event.actor.email ?? event.actor.user_id ?? "unknown";
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "anywhere";
  if (Array.isArray(value)) return value.length === 0 ? "anywhere" : value.map(String).join(", ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const label = (name: string) => name.replaceAll("_", " ");

export function metadataSummary(event: Pick<AuditEvent, "action" | "metadata">): string | null {
  const metadata = event.metadata;
  if (!metadata) return null;
  if (event.action === "api_key.new_source") {
    const outcome = metadata.latest_outcome === "served" ? "served" : `refused: ${label(String(metadata.latest_outcome))}`;
    return `First use from ${String(metadata.address)} in ${String(metadata.window_days ?? 30)} days (${outcome})`;
  }
  if (event.action === "api_key.updated" && typeof metadata.before === "object" && typeof metadata.after === "object") {
    const before = (metadata.before ?? {}) as Record<string, unknown>;
    const after = (metadata.after ?? {}) as Record<string, unknown>;
    const changes = Object.keys(after).map((name) => `${name === "allowed_ips" ? "allowed addresses" : label(name)}: ${show(before[name])} → ${show(after[name])}`);
    return changes.length > 0 ? changes.join(" · ") : null;
  }
  const parts: string[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    if (Array.isArray(value)) parts.push(`${label(name)}: ${value.map(String).join(", ")}`);
    else if (value !== null && value !== undefined && typeof value !== "object") parts.push(`${label(name)}: ${String(value)}`);
  }
  return parts.length > 0 ? parts.join(" · ") : null;
}
