// One key's audit events in words, for its page: what happened, with the details that matter
// (a rename's old and new name, the addresses allowed, where a new source came from).
import { z } from "zod";
import type { AuditEvent } from "./audit-events";

const listOrNull = z.array(z.string()).nullable().optional();

const updatedSchema = z.object({
  before: z.object({ name: z.string().optional(), allowed_ips: listOrNull }).partial(),
  after: z.object({ name: z.string().optional(), allowed_ips: listOrNull }).partial(),
});
const createdSchema = z.object({ allowed_ips: listOrNull, expires_at: z.string().nullable().optional() });
const rotatedSchema = z.object({ new_key_id: z.string(), grace_period_hours: z.number(), old_key_stops_at: z.string() });
const newSourceSchema = z.object({ address: z.string(), network: z.string().optional(), latest_outcome: z.string().optional(), window_days: z.number().optional() });

function addresses(list: string[] | null | undefined): string {
  return list && list.length > 0 ? list.join(", ") : "anywhere";
}

export type EventStory = {
  title: string;
  details: string[];
  /** For a rotation: the key that replaced this one. */
  replacementId?: string;
};

/** What an event says about the key, in words; an action this page does not know is named as is. */
export function describeKeyEvent(event: AuditEvent): EventStory {
  const metadata = event.metadata ?? {};
  switch (event.action) {
    case "api_key.created": {
      const parsed = createdSchema.safeParse(metadata);
      const allowed = parsed.success ? parsed.data.allowed_ips : null;
      return { title: "Created", details: allowed && allowed.length > 0 ? [`Allowed from ${addresses(allowed)}`] : [] };
    }
    case "api_key.updated": {
      const parsed = updatedSchema.safeParse(metadata);
      if (!parsed.success) return { title: "Changed", details: [] };
      const { before, after } = parsed.data;
      const details: string[] = [];
      if (after.name !== undefined) details.push(`Renamed from “${before.name ?? "?"}” to “${after.name}”`);
      if ("allowed_ips" in after) details.push(`Allowed addresses: ${addresses(before.allowed_ips)} → ${addresses(after.allowed_ips)}`);
      return { title: "Changed", details };
    }
    case "api_key.rotated": {
      const parsed = rotatedSchema.safeParse(metadata);
      if (!parsed.success) return { title: "Rotated", details: [] };
      const grace = parsed.data.grace_period_hours;
      return {
        title: "Rotated",
        details: [grace > 0 ? `The old key kept working for ${grace} ${grace === 1 ? "hour" : "hours"} after the rotation` : "The old key stopped at once"],
        replacementId: parsed.data.new_key_id,
      };
    }
    case "api_key.revoked":
      return { title: "Revoked", details: [] };
    case "api_key.new_source": {
      const parsed = newSourceSchema.safeParse(metadata);
      if (!parsed.success) return { title: "First use from a new address", details: [] };
      const { address, network, latest_outcome: outcome, window_days: days } = parsed.data;
      const result = !outcome ? "" : outcome === "served" ? " (served)" : ` (refused: ${outcome})`;
      const details = [
        ...(network && network !== address ? [`Network ${network}`] : []),
        ...(days ? [`Not seen from there in the ${days} days before`] : []),
      ];
      return { title: `First use from ${address}${result}`, details };
    }
    default:
      return { title: event.action, details: [] };
  }
}
