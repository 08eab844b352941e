// A real SMTP server for tests (smtp-server): on 127.0.0.1 at a random port, no TLS, any or no
// credentials accepted, every message kept. Point the app at it with SMTP_URL=<sink.url>.
// The messages are parsed here (no mailparser): headers unfolded, the Subject's RFC 2047
// encoded-words decoded, the text body decoded from quoted-printable or base64 per
// Content-Transfer-Encoding and its charset (a multipart message: its first text/plain part).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SunkMessage = {
  /** The From header, decoded (e.g. `SOC Platform <no-reply@localhost>`). */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  /** The decoded text body, line breaks as \n. */
  text: string;
  /** The message as received, headers and encoded body. */
  raw: string;
  /** Every header, names lower-cased, values unfolded (encoded-words left as they are). */
  headers: [name: string, value: string][];
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string | null;
  /** The user name the client authenticated with, if it did. */
  authUser: string | null;
};

export type SmtpSink = {
  /** smtp://127.0.0.1:<port> */
  url: string;
  messages: SunkMessage[];
  /** Resolves once at least `count` messages have arrived; rejects after timeoutMs (default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // close() answers clients still connected (a pooled transport) with 421 after this long.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "unknown" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("latin1");
        const parsed = parseMessage(raw);
        const sender = session.envelope.mailFrom;
        messages.push({
          ...parsed,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          envelopeFrom: sender ? sender.address : null,
          authUser: typeof session.user === "string" ? session.user : null,
        });
        for (const wake of [...waiters]) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // An error on one client connection must not end the test run.
  server.on("error", () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Waited ${timeoutMs} ms for ${count} e-mail(s); ${messages.length} arrived: ${JSON.stringify(messages.map((m) => m.subject))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Headers and text of one raw message (latin1 string: one char per byte). */
export function parseMessage(raw: string): Pick<SunkMessage, "from" | "subject" | "text" | "headers"> {
  const { headers, body } = splitEntity(raw);
  const header = (name: string) => headers.find(([key]) => key === name)?.[1] ?? "";
  return {
    headers,
    from: decodeEncodedWords(header("from")),
    subject: decodeEncodedWords(header("subject")),
    text: textOf(headers, body),
  };
}

/** Headers (unfolded) and body of a message or a MIME part. */
function splitEntity(raw: string): { headers: [string, string][]; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers: [string, string][] = [];
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

/** The text/plain content of an entity: itself, or the first text/plain part of a multipart. */
function textOf(headers: [string, string][], body: string): string {
  const contentType = headers.find(([name]) => name === "content-type")?.[1] ?? "text/plain; charset=us-ascii";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "text/plain";
  if (mediaType.startsWith("multipart/")) {
    const boundary = parameter(contentType, "boundary");
    if (!boundary) return "";
    const parts = body.split(new RegExp(`^--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?$\\n?`, "m")).slice(1, -1);
    for (const part of parts) {
      const entity = splitEntity(part);
      const partType = entity.headers.find(([name]) => name === "content-type")?.[1] ?? "text/plain";
      if (!/^\s*(text\/plain|multipart\/)/i.test(partType)) continue;
      const text = textOf(entity.headers, entity.body.replace(/\r?\n$/, ""));
      if (text !== "" || /^\s*text\/plain/i.test(partType)) return text;
    }
    return "";
  }
  if (mediaType !== "text/plain") return "";
  const encoding = (headers.find(([name]) => name === "content-transfer-encoding")?.[1] ?? "7bit").toLowerCase();
  const bytes =
    encoding === "base64" ? Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64")
    : encoding === "quoted-printable" ? decodeQuotedPrintable(body)
    : Buffer.from(body, "latin1");
  return decodeCharset(bytes, parameter(contentType, "charset") ?? "us-ascii").replace(/\r\n/g, "\n");
}

/** RFC 2045 6.7: `=XX` is a byte, `=` at the end of a line joins it to the next (a soft break). */
export function decodeQuotedPrintable(text: string): Buffer {
  // Trailing white space on a line is padding (dropped); white space before a soft break is text.
  const joined = text.replace(/[ \t]+(?=\r?\n|$)/g, "").replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/**
 * RFC 2047: `=?charset?B?...?=` and `=?charset?Q?...?=` words decoded; the white space between two
 * adjacent encoded-words is dropped, as the RFC asks. Bytes of one charset are joined before decoding,
 * since an encoder may split a multi-byte character across two words.
 */
export function decodeEncodedWords(value: string): string {
  const WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = "";
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (const match of value.matchAll(WORD)) {
    const between = value.slice(last, match.index);
    const adjacent = pending !== null && /^[ \t\r\n]*$/.test(between);
    if (!adjacent) {
      flush();
      out += between;
    }
    const [, rawCharset = "utf-8", encoding = "B", payload = ""] = match;
    const charset = rawCharset.split("*")[0] ?? "utf-8"; // RFC 2231 language suffix
    const bytes =
      encoding.toUpperCase() === "B" ? Buffer.from(payload, "base64") : decodeQuotedPrintable(payload.replace(/_/g, " "));
    const current: { charset: string; bytes: Buffer[] } | null = pending;
    if (current !== null && current.charset.toLowerCase() === charset.toLowerCase()) current.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (label === "us-ascii" || label === "ascii") return bytes.toString("latin1");
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

function parameter(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(header);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
