// One key's audit events in words, for its page: what happened, with the details that matter
// (a rename's old and new name, the addresses allowed, where a new source came from).
import { z } from "zod";
import type { AuditEvent } from "./audit-events";
import { exposureSourceLabel, safeExposureUrl } from "./exposure";

const listOrNull = z.array(z.string()).nullable().optional();

const updatedSchema = z.object({
  before: z.object({ name: z.string().optional(), allowed_ips: listOrNull }).partial(),
  after: z.object({ name: z.string().optional(), allowed_ips: listOrNull }).partial(),
});
const createdSchema = z.object({ allowed_ips: listOrNull, expires_at: z.string().nullable().optional() });
const rotatedSchema = z.object({ new_key_id: z.string(), grace_period_hours: z.number(), old_key_stops_at: z.string(), replaces_exposed_key: z.boolean().optional() });
const exposureSchema = z.object({
  source: z.enum(["github", "report"]).nullable().optional(),
  url: z.string().nullable().optional(),
  policy: z.enum(["revoke", "notify"]).optional(),
  was_live: z.boolean().optional(),
});
const revokedSchema = z.object({ reason: z.string().optional() });
const policyChangeSchema = z.object({ before: z.object({ policy: z.string() }), after: z.object({ policy: z.string() }) });
const POLICY_WORDS: Record<string, string> = { revoke: "revoke at once", notify: "keep working and flag it" };
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
      const old = parsed.data.replaces_exposed_key
        ? "A replacement for a key found in public; the old key stays revoked"
        : grace > 0
          ? `The old key kept working for ${grace} ${grace === 1 ? "hour" : "hours"} after the rotation`
          : "The old key stopped at once";
      return {
        title: "Rotated",
        details: [old],
        replacementId: parsed.data.new_key_id,
      };
    }
    case "api_key.revoked":
      return revokedSchema.safeParse(metadata).data?.reason === "exposed" ? { title: "Revoked: found in public", details: exposureDetails(metadata) } : { title: "Revoked", details: [] };
    case "api_key.exposed": {
      const parsed = exposureSchema.safeParse(metadata);
      const details = exposureDetails(metadata);
      if (parsed.success && parsed.data.was_live !== undefined) {
        const { policy, was_live: live } = parsed.data;
        details.push(!live ? "It no longer worked by then" : policy === "notify" ? "It kept working (leak policy: notify)" : "Revoked at once (leak policy: revoke)");
      }
      return { title: "Found in public", details };
    }
    case "account.leak_policy_changed": {
      const parsed = policyChangeSchema.safeParse(metadata);
      const words = (policy: string) => `“${POLICY_WORDS[policy] ?? policy}”`;
      return { title: "Leak policy changed", details: parsed.success ? [`From ${words(parsed.data.before.policy)} to ${words(parsed.data.after.policy)}`] : [] };
    }
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

/** Where and by whom a key was found, from an exposure's (or a leak revocation's) metadata. */
function exposureDetails(metadata: Record<string, unknown>): string[] {
  const parsed = exposureSchema.safeParse(metadata);
  if (!parsed.success) return [];
  const url = safeExposureUrl(parsed.data.url ?? null);
  return [...(url ? [`At ${url}`] : []), `Reported through ${exposureSourceLabel(parsed.data.source ?? null)}`];
}

/** Who acted in a leak's events: no person, the finder. Null for every other event. */
export function leakReporter(event: AuditEvent): string | null {
  const leak = event.action === "api_key.exposed" || (event.action === "api_key.revoked" && revokedSchema.safeParse(event.metadata ?? {}).data?.reason === "exposed");
  if (!leak || event.actor.user_id) return null;
  return exposureSourceLabel(exposureSchema.safeParse(event.metadata ?? {}).data?.source ?? null);
}
