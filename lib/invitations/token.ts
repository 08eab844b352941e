// Invitation links carry 256 random bits; the database keeps only their SHA-256, so a copy of the
// database (or the audit log, or a list of invitations) never holds a link that works.
import { createHash, randomBytes } from "node:crypto";

const PREFIX = "inv_";

export function newInvitationToken(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Cheap shape check before any query: anything else is simply not an invitation. */
export function looksLikeInvitationToken(token: string): boolean {
  return /^inv_[A-Za-z0-9_-]{43}$/.test(token);
}
