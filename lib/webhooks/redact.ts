// Webhook URLs are capabilities: receivers often carry their token in the path or query (Slack,
// Teams). Anything shown beyond the webhooks API itself (the audit log, notifications, which every
// role and audit:read keys can read) keeps only the origin and a fingerprint.
import { createHash } from "node:crypto";

/** The origin and a short fingerprint of the whole URL: endpoints and changes told apart without the capability. */
export function auditUrl(url: string): string {
  const fingerprint = createHash("sha256").update(url).digest("hex").slice(0, 8);
  try {
    const { origin, pathname, search } = new URL(url);
    return pathname === "/" && search === "" ? `${origin}/ (#${fingerprint})` : `${origin}/… (#${fingerprint})`;
  } catch {
    return `(#${fingerprint})`;
  }
}

