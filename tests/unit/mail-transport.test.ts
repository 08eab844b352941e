// The real transport (nodemailer, pooled) sending to a real SMTP server (tests/support/smtp-sink.ts),
// and the sink's own decoding checked on what nodemailer really sends: non-ASCII subjects as
// RFC 2047 encoded-words, long lines, quoted-printable and base64 bodies.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { notificationEmail } from "@/lib/mail/messages";
import { closeMailTransport, DEFAULT_MAIL_FROM, mailConfigured, sendMail, smtpHost } from "@/lib/mail/transport";
import { decodeEncodedWords, decodeQuotedPrintable, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterEach(() => {
  closeMailTransport();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterAll(async () => {
  await sink.close();
});

/** The sink's messages from this point on. */
function mark(): () => SmtpSink["messages"] {
  const start = sink.messages.length;
  return () => sink.messages.slice(start);
}

describe("mailConfigured", () => {
  it("is true only when SMTP_URL is set and not blank", () => {
    delete process.env.SMTP_URL;
    expect(mailConfigured()).toBe(false);
    process.env.SMTP_URL = "   ";
    expect(mailConfigured()).toBe(false);
    process.env.SMTP_URL = "smtp://mail.example.com:587";
    expect(mailConfigured()).toBe(true);
  });
});

describe("sendMail through the real transport", () => {
  it("refuses to send without SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    await expect(sendMail({ to: "a@example.test", subject: "x", text: "y" })).rejects.toThrow(/SMTP_URL is not set/);
  });

  it("delivers a plain-text message from the default sender", async () => {
    process.env.SMTP_URL = sink.url;
    delete process.env.MAIL_FROM;
    const since = mark();
    await sendMail({ to: "ada@example.test", subject: "[SOC Platform] Plain", text: "Hello.\nSecond line.\n" });
    const [message] = since();
    expect(message?.to).toEqual(["ada@example.test"]);
    expect(message?.from).toBe(DEFAULT_MAIL_FROM);
    expect(message?.envelopeFrom).toBe("no-reply@localhost");
    expect(message?.subject).toBe("[SOC Platform] Plain");
    expect(message?.text).toBe("Hello.\nSecond line.\n");
    // Plain text only: no HTML part, no multipart.
    expect(message?.headers.find(([name]) => name === "content-type")?.[1]).toMatch(/^text\/plain/);
  });

  it("uses MAIL_FROM in the header and the envelope; parallel sends over the pool all arrive", async () => {
    process.env.SMTP_URL = sink.url;
    process.env.MAIL_FROM = "Key alerts <alerts@soc.example>";
    const since = mark();
    await Promise.all([1, 2, 3].map((n) => sendMail({ to: `u${n}@example.test`, subject: `n${n}`, text: "x" })));
    const messages = since();
    expect(messages.map((m) => m.subject).sort()).toEqual(["n1", "n2", "n3"]);
    expect(new Set(messages.map((m) => m.from))).toEqual(new Set(["Key alerts <alerts@soc.example>"]));
    expect(messages.every((m) => m.envelopeFrom === "alerts@soc.example")).toBe(true);
  });

  it("sends a notification e-mail with non-ASCII text and a long line, decoded back exactly (quoted-printable)", async () => {
    process.env.SMTP_URL = sink.url;
    process.env.NEXTAUTH_URL = "https://keys.example.com";
    const mail = notificationEmail({
      type: "key.new_source",
      keyName: "Splunk forwarder — Zürich “prod” ☃",
      keyPreview: "sk_live_••••••••abcd",
      keyId: "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f",
      data: { address: "203.0.113.9", user_agent: `Mozilla/5.0 ${"(compatible; a very long user agent) ".repeat(6)}` },
    });
    expect(mail.text.split("\n").some((line) => line.length > 200)).toBe(true);
    const since = mark();
    await sendMail({ to: "ada@example.test", ...mail });
    const [message] = since();
    expect(message?.subject).toBe(mail.subject);
    expect(message?.text).toBe(mail.text);
    // What travelled: encoded-words in the Subject, every line within SMTP's limits.
    expect(message?.headers.find(([name]) => name === "subject")?.[1]).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(message?.raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    expect(message?.headers.find(([name]) => name === "content-transfer-encoding")?.[1]).toBe("quoted-printable");
  });

  it("decodes a mostly non-ASCII body (base64) and a long non-ASCII subject split over several encoded-words", async () => {
    process.env.SMTP_URL = sink.url;
    const subject = "Ключ «Сплунк» истекает через 7 дней — ".repeat(4).trim();
    const text = "Ваш ключ истекает. ".repeat(30) + "\n日本語の行\n";
    const since = mark();
    await sendMail({ to: "ivan@example.test", subject, text });
    const [message] = since();
    expect(message?.headers.find(([name]) => name === "content-transfer-encoding")?.[1]).toBe("base64");
    expect(message?.subject).toBe(subject);
    expect(message?.text).toBe(text);
  });

  it("keeps a CR/LF in a subject from adding a header", async () => {
    process.env.SMTP_URL = sink.url;
    const since = mark();
    await sendMail({ to: "ada@example.test", subject: "Hi\r\nBcc: victim@example.test\r\nX-Evil: 1", text: "body" });
    const [message] = since();
    expect(message?.to).toEqual(["ada@example.test"]);
    expect(message?.headers.map(([name]) => name)).not.toContain("bcc");
    expect(message?.headers.map(([name]) => name)).not.toContain("x-evil");
    expect(message?.subject).toBe("Hi Bcc: victim@example.test X-Evil: 1");
  });

  it("authenticates with the credentials in SMTP_URL, and never puts the password in an error", async () => {
    const port = Number(new URL(sink.url).port);
    process.env.SMTP_URL = `smtp://mailer:${encodeURIComponent("s3cret p@ss")}@127.0.0.1:${port}`;
    expect(smtpHost()).toBe("127.0.0.1");
    const since = mark();
    await sendMail({ to: "ada@example.test", subject: "authed", text: "x" });
    expect(since()[0]?.authUser).toBe("mailer");

    // Nothing listens on this port: the send fails, naming the host and not the password.
    const closed = await unusedPort();
    process.env.SMTP_URL = `smtp://mailer:${encodeURIComponent("s3cret p@ss")}@127.0.0.1:${closed}`;
    const failure = await sendMail({ to: "ada@example.test", subject: "x", text: "x" }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/^Sending e-mail via 127\.0\.0\.1 failed: .*ECONNREFUSED/);
    expect(failure?.message).not.toMatch(/s3cret/);
  });

  it("gives up on a server that accepts the connection but never greets (timeouts from the URL win)", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      process.env.SMTP_URL = `smtp://127.0.0.1:${port}?greetingTimeout=300`;
      await expect(sendMail({ to: "ada@example.test", subject: "x", text: "x" })).rejects.toThrow(/greeting|timeout/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("refuses an SMTP_URL that is not smtp: or smtps:", async () => {
    process.env.SMTP_URL = "https://user:hunter22@mail.example.com";
    const failure = await sendMail({ to: "a@example.test", subject: "x", text: "x" }).catch((error: unknown) => error as Error);
    expect(failure?.message).toMatch(/must start with smtp:\/\/ or smtps:\/\//);
    expect(failure?.message).not.toMatch(/hunter22/);
  });
});

describe("the sink", () => {
  it("waitFor resolves once enough messages arrived, and rejects naming what arrived when they do not", async () => {
    process.env.SMTP_URL = sink.url;
    const count = sink.messages.length;
    const waiting = sink.waitFor(count + 1);
    await sendMail({ to: "ada@example.test", subject: "awaited", text: "x" });
    await waiting;
    await expect(sink.waitFor(count + 2, 50)).rejects.toThrow(/for \d+ e-mail\(s\); \d+ arrived: .*awaited/);
  });


  it("decodes RFC 2047 words, joining adjacent ones and keeping plain text between others", () => {
    expect(decodeEncodedWords("=?UTF-8?Q?Z=C3=BCrich_key?= =?UTF-8?B?4piD?=")).toBe("Zürich key☃");
    expect(decodeEncodedWords("Re: =?ISO-8859-1?Q?caf=E9?= ok")).toBe("Re: café ok");
    // A multi-byte character split across two words.
    expect(decodeEncodedWords("=?UTF-8?B?4g==?= =?UTF-8?B?mIM=?=")).toBe("☃");
  });

  it("decodes quoted-printable soft breaks and escapes", () => {
    expect(decodeQuotedPrintable("a=3Db=\r\nc =E2=98=83  \r\nd =\r\ne").toString("utf8")).toBe("a=bc ☃\r\nd e");
  });
});

async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
