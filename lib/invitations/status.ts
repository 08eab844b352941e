import type { InvitationStatus } from "./schemas";

type Row = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };

export function invitationStatus(row: Row, now: Date = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

/** "alice@example.com" → "a***@example.com": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
