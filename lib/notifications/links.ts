// Links that leave the console (in e-mails and webhook payloads) need its public address.

/** NEXTAUTH_URL without a trailing slash, or the local address `npm run dev` serves. */
export function publicBaseUrl(): string {
  const configured = (process.env.NEXTAUTH_URL ?? "").trim().replace(/\/+$/, "");
  return configured || `http://localhost:${process.env.PORT?.trim() || 3000}`;
}

/** The key's page in the console. */
export function keyPageUrl(keyId: string): string {
  return `${publicBaseUrl()}/settings/api-keys/${encodeURIComponent(keyId)}`;
}
