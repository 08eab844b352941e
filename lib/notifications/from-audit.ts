// The key events an account is told about are the ones its audit log already records: the
// notification is written beside the audit event, in the same transaction (lib/audit/record.ts).
import type { AuditAction, AuditActor, AuditEventInput } from "@/lib/audit/record";
import type { NotificationInput } from "./outbox";
import type { NotificationType } from "./types";

const NOTIFIED: Partial<Record<AuditAction, NotificationType>> = {
  "api_key.created": "key.created",
  "api_key.rotated": "key.rotated",
  "api_key.revoked": "key.revoked",
  "api_key.exposed": "key.exposed",
  "api_key.new_source": "key.new_source",
};

function pick(metadata: Record<string, unknown> | undefined, fields: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (metadata && field in metadata) picked[field] = metadata[field];
  return picked;
}

function dataOf(type: NotificationType, actor: AuditActor, event: AuditEventInput): Record<string, unknown> {
  const metadata = event.metadata;
  switch (type) {
    case "key.created":
      return { ...pick(metadata, ["expires_at"]), by: actor.email };
    case "key.rotated":
      return { ...pick(metadata, ["new_key_id", "grace_period_hours", "old_key_stops_at"]), by: actor.email };
    case "key.revoked":
      return { reason: typeof metadata?.reason === "string" ? metadata.reason : "revoked", by: actor.email };
    case "key.exposed":
      return {
        source: metadata?.source ?? null,
        exposure_url: metadata?.url ?? null,
        revoked: metadata?.policy === "revoke" && metadata?.was_live === true,
      };
    case "key.new_source":
      return { ...pick(metadata, ["address", "network", "first_seen_at", "latest_outcome"]), user_agent: actor.userAgent };
    default:
      return {};
  }
}

export function notificationsForAuditEvents(actor: AuditActor, events: AuditEventInput[]): NotificationInput[] {
  const inputs: NotificationInput[] = [];
  for (const event of events) {
    const type = NOTIFIED[event.action];
    if (type) inputs.push({ type, keyId: event.keyId ?? null, data: dataOf(type, actor, event) });
  }
  return inputs;
}
