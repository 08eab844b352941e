// Sending e-mail: one pooled SMTP transport (nodemailer), made on first use from SMTP_URL.
// Unset SMTP_URL: no e-mail at all (notifications still reach the console and webhooks).
// SMTP_URL holds a password: it never reaches a log line or an error message.
import nodemailer, { type Transporter } from "nodemailer";

export const DEFAULT_MAIL_FROM = "SOC Platform <no-reply@localhost>";

/**
 * Connection, greeting, DNS and socket-inactivity limits, so a dead or stalled SMTP server fails a
 * send within seconds instead of holding a worker. A query parameter of SMTP_URL of the same name
 * (e.g. `?socketTimeout=30000`) takes precedence.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, dnsTimeout: 10_000, socketTimeout: 10_000 } as const;

export type MailInput = { to: string; subject: string; text: string };

/** True when SMTP_URL is set: notifications are then also sent by e-mail to users who want them. */
export function mailConfigured(): boolean {
  return smtpUrl() !== null;
}

function smtpUrl(): string | null {
  const raw = process.env.SMTP_URL?.trim();
  return raw ? raw : null;
}

let current: { url: string; transport: Transporter } | null = null;

/** The pooled transport for the current SMTP_URL; a changed SMTP_URL (tests) gets a new one. */
function transport(url: string): Transporter {
  if (current?.url === url) return current.transport;
  current?.transport.close();
  current = { url, transport: nodemailer.createTransport(connectionUrl(url), { from: mailFrom() }) };
  return current.transport;
}

/** SMTP_URL with pooling and the timeouts added as nodemailer reads them from a URL's query. */
function connectionUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("SMTP_URL is not a valid URL; expected smtp://user:password@host:587 or smtps://user:password@host:465.");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// (it starts with ${url.protocol}//).`);
  }
  url.searchParams.set("pool", "true");
  for (const [name, ms] of Object.entries(TIMEOUTS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  return url.toString();
}

function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}

/** The SMTP server's host, the only part of SMTP_URL fit for a log line. */
export function smtpHost(): string | null {
  const url = smtpUrl();
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/**
 * Sends one plain-text message. Throws when SMTP_URL is unset or the server does not accept the
 * message (the caller retries); the error never carries SMTP_URL's credentials.
 */
export async function sendMail(input: MailInput): Promise<void> {
  const url = smtpUrl();
  if (!url) throw new Error("E-mail is not configured: SMTP_URL is not set.");
  try {
    await transport(url).sendMail({
      from: mailFrom(),
      to: input.to,
      // A subject is one header line whatever the caller passes (lib/mail/messages.ts strips them too).
      subject: oneLine(input.subject),
      text: input.text,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (error) {
    throw new Error(`Sending e-mail via ${smtpHost() ?? "the SMTP server"} failed: ${redactCredentials(describe(error), url)}`);
  }
}

/** Closes the pooled connections (tests, shutdown). The next send opens new ones. */
export function closeMailTransport(): void {
  current?.transport.close();
  current = null;
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Masks SMTP_URL, and its password raw and percent-decoded, in text. */
function redactCredentials(text: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return text;
  }
  let out = text.replaceAll(raw, "[SMTP_URL]");
  if (url.password) {
    for (const form of new Set([url.password, safeDecode(url.password)])) {
      if (form.length >= 3) out = out.replaceAll(form, "[REDACTED]");
    }
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
