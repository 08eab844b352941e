// Every audit action, apart from the code that records them, so the browser (the audit log filter)
// can import the list without the server modules behind recording.

export type AuditAction =
  | "api_key.created"
  | "api_key.revoked"
  | "api_key.rotated"
  | "api_key.updated"
  | "api_key.new_source"
  // A key found in public (GitHub secret scanning, a public report): lib/leaks.
  | "api_key.exposed"
  // Account-wide settings: these events name no key.
  | "account.leak_policy_changed"
  // Signing in and the user's own security settings: lib/auth, lib/two-factor, lib/passkeys, lib/reauth.
  | "auth.signed_in"
  | "auth.sign_in_failed"
  | "auth.reauthenticated"
  | "auth.mfa_enabled"
  | "auth.mfa_disabled"
  | "auth.recovery_code_used"
  | "auth.recovery_codes_regenerated"
  | "auth.passkey_added"
  | "auth.passkey_removed"
  | "auth.password_changed"
  | "auth.sessions_ended"
  // The account's webhook endpoints: lib/webhooks (metadata: webhook_id, url, events; never the secret).
  | "webhook.created"
  | "webhook.updated"
  | "webhook.deleted"
  // Members, invitations and the account's policies: lib/members, lib/invitations, lib/policies.
  | "member.invited"
  | "member.joined"
  | "member.role_changed"
  | "member.removed"
  | "invitation.revoked"
  | "account.policy_changed";

/** Every action, for the ?type= filter (an action, or its family: api_key, account, auth, webhook, member, invitation). */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  "api_key.created",
  "api_key.revoked",
  "api_key.rotated",
  "api_key.updated",
  "api_key.new_source",
  "api_key.exposed",
  "account.leak_policy_changed",
  "auth.signed_in",
  "auth.sign_in_failed",
  "auth.reauthenticated",
  "auth.mfa_enabled",
  "auth.mfa_disabled",
  "auth.recovery_code_used",
  "auth.recovery_codes_regenerated",
  "auth.passkey_added",
  "auth.passkey_removed",
  "auth.password_changed",
  "auth.sessions_ended",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "invitation.revoked",
  "account.policy_changed",
];
