import { describe, expect, it } from "vitest";
import { actorOf, metadataSummary } from "@/components/audit/event-summary";
import type { AuditEvent } from "@/lib/client/audit-events";
import { exposureAction, safeExposureUrl } from "@/lib/client/exposure";
import { describeKeyEvent } from "@/lib/client/key-events";
import type { KeyListItem } from "@/lib/client/keys";

const FOUND = "2026-11-27T20:00:00.000Z";

function key(fields: Partial<KeyListItem>): KeyListItem {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "prod-splunk-2026q2",
    key_preview: "sk_live_••••••••abcd",
    tier: "free",
    scopes: ["audit:read"],
    rate_limit_per_minute: 60,
    rate_limit_per_day: 1000,
    total_requests: 0,
    last_used_at: null,
    created_by: null,
    created_at: "2026-11-01T00:00:00.000Z",
    expires_at: null,
    status: "active",
    allowed_ips: null,
    last_used_ip: null,
    last_used_user_agent: null,
    revoked_at: null,
    exposed_at: null,
    exposure_url: null,
    exposure_source: null,
    replaced_by: null,
    ...fields,
  };
}

function event(action: string, metadata: Record<string, unknown>, userId: string | null = null): AuditEvent {
  return {
    id: "e1",
    action,
    created_at: FOUND,
    actor: { user_id: userId, email: userId ? "a@example.test" : null },
    key: null,
    ip: null,
    user_agent: null,
    metadata,
  };
}

describe("which exposed keys the page asks about", () => {
  it("asks for a replacement of a key revoked at or after the leak, a rotation of one that still works, and nothing once replaced or dead before", () => {
    const cases: [Partial<KeyListItem>, ReturnType<typeof exposureAction>][] = [
      [{}, null],
      [{ exposed_at: FOUND, status: "revoked", revoked_at: FOUND }, "replace"],
      [{ exposed_at: FOUND, status: "revoked", revoked_at: "2026-11-27T21:00:00.000Z" }, "replace"],
      [{ exposed_at: FOUND, status: "revoked", revoked_at: FOUND, replaced_by: "00000000-0000-4000-8000-000000000002" }, null],
      [{ exposed_at: FOUND, status: "revoked", revoked_at: "2026-11-20T00:00:00.000Z" }, null],
      [{ exposed_at: FOUND, status: "active" }, "rotate"],
      [{ exposed_at: FOUND, status: "active", revoked_at: "2026-11-28T00:00:00.000Z", replaced_by: "00000000-0000-4000-8000-000000000002" }, null],
      [{ exposed_at: FOUND, status: "expired", expires_at: "2026-11-20T00:00:00.000Z" }, null],
    ];
    for (const [fields, action] of cases) expect(exposureAction(key(fields)), JSON.stringify(fields)).toBe(action);
  });

  it("links only web addresses", () => {
    expect(safeExposureUrl("https://github.com/octo/leaky/blob/main/.env")).toBe("https://github.com/octo/leaky/blob/main/.env");
    expect(safeExposureUrl("http://example.test/paste/1")).toBe("http://example.test/paste/1");
    for (const bad of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.test/x", "not a url", "", null]) {
      expect(safeExposureUrl(bad), String(bad)).toBeNull();
    }
  });
});

describe("leak events in words, the same on the key page and in the audit log", () => {
  const url = "https://github.com/octo/leaky/blob/main/.env";

  it("tells an exposure with its URL, its finder and what the policy did", () => {
    const exposed = event("api_key.exposed", { source: "github", url, policy: "revoke", was_live: true });
    expect(describeKeyEvent(exposed)).toEqual({ title: "Found in public", details: [`At ${url}`, "Reported through GitHub secret scanning", "Revoked at once (leak policy: revoke)"] });
    expect(metadataSummary(exposed)).toBe(`At ${url} · Reported through GitHub secret scanning · Revoked at once (leak policy: revoke)`);
    expect(actorOf(exposed)).toBe("GitHub secret scanning");
    const reported = event("api_key.exposed", { source: "report", url: null, policy: "notify", was_live: true });
    expect(describeKeyEvent(reported).details).toEqual(["Reported through a public leak report", "It kept working (leak policy: notify)"]);
    expect(actorOf(reported)).toBe("A public leak report");
    // A URL that is not a web address is never shown.
    expect(describeKeyEvent(event("api_key.exposed", { source: "github", url: "javascript:alert(1)" })).details).toEqual(["Reported through GitHub secret scanning"]);
  });

  it("tells a revocation for a leak apart from one by hand", () => {
    const leak = event("api_key.revoked", { reason: "exposed", source: "github", url });
    expect(describeKeyEvent(leak).title).toBe("Revoked: found in public");
    expect(metadataSummary(leak)).toBe(`Revoked: found in public · At ${url} · Reported through GitHub secret scanning`);
    const byHand = event("api_key.revoked", {}, "u1");
    expect(describeKeyEvent(byHand)).toEqual({ title: "Revoked", details: [] });
    expect(actorOf(byHand)).toBe("a@example.test");
  });

  it("tells a leaked key's replacement apart from a rotation", () => {
    const metadata = { new_key_id: "k2", grace_period_hours: 0, old_key_stops_at: FOUND };
    expect(describeKeyEvent(event("api_key.rotated", metadata, "u1")).details).toEqual(["The old key stopped at once"]);
    expect(describeKeyEvent(event("api_key.rotated", { ...metadata, replaces_exposed_key: true }, "u1")).details).toEqual([
      "A replacement for a key found in public; the old key stays revoked",
    ]);
  });

  it("tells a leak policy change", () => {
    const change = event("account.leak_policy_changed", { before: { policy: "revoke" }, after: { policy: "notify" } }, "u1");
    expect(metadataSummary(change)).toBe("From “revoke at once” to “keep working and flag it”");
  });
});
