// One delivery attempt (lib/webhooks/send.ts) against real receivers listening on 127.0.0.1 in
// this process. The signature is checked with the standardwebhooks library, as a receiver would.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { newMessageId } from "@/lib/webhooks/message-id";
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/secret";
import { sendWebhook, USER_AGENT } from "@/lib/webhooks/send";
import type { Resolver } from "@/lib/webhooks/url-guard";

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

const servers: (http.Server | https.Server)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A receiver on 127.0.0.1; `answer` handles each request once its body is read. */
async function receiver(answer: (request: Received, response: http.ServerResponse) => void = (_r, response) => response.end("ok")) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(entry);
      answer(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, received, url: `http://127.0.0.1:${port}`, server };
}

const resolvesTo =
  (address: string): Resolver =>
  async () => [{ address, family: address.includes(":") ? 6 : 4 }];

function message() {
  const messageId = newMessageId();
  const payload = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: { id: messageId, account_id: "acc", note: "é ✓" } });
  return { messageId, payload, secret: newWebhookSecret() };
}

describe("a delivery attempt", () => {
  it("POSTs the exact body with Standard Webhooks headers whose signature verifies with the endpoint's secret", async () => {
    const hook = await receiver();
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `${hook.url}/hooks/soc?team=blue`, secret, messageId, payload }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const [request] = hook.received;
    expect(request).toBeDefined();
    if (!request) return;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/hooks/soc?team=blue");
    expect(request.body).toBe(payload);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["user-agent"]).toBe(USER_AGENT);
    expect(request.headers["webhook-id"]).toBe(messageId);
    expect(request.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    expect(new Webhook(secret).verify(request.body, headers)).toEqual(JSON.parse(payload));
    // Another secret, or a changed body, does not verify.
    expect(() => new Webhook(newWebhookSecret()).verify(request.body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(request.body.replace("acc", "acd"), headers)).toThrow();
  });

  it("connects to the address that was checked, naming the host in Host: the name is not looked up a second time", async () => {
    const hook = await receiver();
    let lookups = 0;
    const lookup: Resolver = async () => {
      lookups += 1;
      // A rebinding DNS server: the first answer is the receiver, any later one somewhere else.
      return [{ address: lookups === 1 ? "127.0.0.1" : "10.0.0.5", family: 4 }];
    };
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `http://hooks.example.com:${hook.port}/in`, secret, messageId, payload }, { allowPrivate: true, lookup });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(lookups).toBe(1);
    expect(hook.received[0]?.headers.host).toBe(`hooks.example.com:${hook.port}`);
  });

  it("refuses a name that resolves to loopback, without connecting, unless private addresses are allowed", async () => {
    const hook = await receiver();
    const { messageId, payload, secret } = message();
    const refused = await sendWebhook({ url: `https://hooks.example.com:${hook.port}/`, secret, messageId, payload }, { lookup: resolvesTo("127.0.0.1") });
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.error).toMatch(/^refused: .*loopback/);
    expect(refused.error).not.toContain("127.0.0.1");
    const plainHttp = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload }, { allowPrivate: false });
    expect(plainHttp).toMatchObject({ ok: false, status: null });
    expect(hook.received).toEqual([]);

    const allowed = await sendWebhook({ url: `http://hooks.example.com:${hook.port}/`, secret, messageId, payload }, { allowPrivate: true, lookup: resolvesTo("127.0.0.1") });
    expect(allowed).toMatchObject({ ok: true, status: 200 });
    expect(hook.received).toHaveLength(1);
  });

  it("does not follow a redirect: a 302 is a failure and its target hears nothing", async () => {
    const target = await receiver();
    const hook = await receiver((_request, response) => {
      response.writeHead(302, { location: `${target.url}/elsewhere` });
      response.end();
    });
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: false, status: 302, error: "redirects are not followed (the endpoint answered 302)" });
    expect(target.received).toEqual([]);
  });

  it("any answer outside 2xx is a failure that carries its status", async () => {
    const hook = await receiver((_request, response) => {
      response.writeHead(500);
      response.end("database down: secret=hunter2");
    });
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload }, { allowPrivate: true });
    // The answer's body is dropped, never passed on.
    expect(result).toMatchObject({ ok: false, status: 500, error: "the endpoint answered 500" });
  });

  it("gives up at the timeout when the receiver never answers", async () => {
    const hook = await receiver(() => {
      // Never answers.
    });
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload, timeoutMs: 300 }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: false, status: null, error: "timed out after 300 ms" });
    expect(hook.received).toHaveLength(1);
  });

  it("WEBHOOK_TIMEOUT_MS is the default timeout", async () => {
    const hook = await receiver(() => {});
    const { messageId, payload, secret } = message();
    process.env.WEBHOOK_TIMEOUT_MS = "250";
    try {
      const result = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload }, { allowPrivate: true });
      expect(result.error).toBe("timed out after 250 ms");
    } finally {
      delete process.env.WEBHOOK_TIMEOUT_MS;
    }
  });

  it("reads at most 4 KB of the answer: an endless 200 ends the attempt as soon as 4 KB have come, not at the timeout", async () => {
    let closed: Promise<void> = Promise.resolve();
    let written = 0;
    const hook = await receiver((_request, response) => {
      closed = new Promise((resolve) => response.on("close", () => resolve()));
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(1024, "x");
      // 64 KB at once, then nothing more and never an end.
      for (let i = 0; i < 64; i++) {
        response.write(chunk);
        written += chunk.length;
      }
    });
    const { messageId, payload, secret } = message();
    // A timeout far beyond this test's own limit: only the 4 KB cap can end the attempt in time.
    const result = await sendWebhook({ url: `${hook.url}/`, secret, messageId, payload, timeoutMs: 600_000 }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(written).toBe(64 * 1024);
    // The sender hung up on the endless answer.
    await closed;
  }, 15_000);

  it("says when the connection is refused", async () => {
    const hook = await receiver();
    const port = hook.port;
    await new Promise((resolve) => hook.server.close(resolve));
    servers.splice(servers.indexOf(hook.server), 1);
    const { messageId, payload, secret } = message();
    const result = await sendWebhook({ url: `http://127.0.0.1:${port}/`, secret, messageId, payload }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: false, status: null, error: "the connection was refused" });
  });

  it("says when the name does not resolve", async () => {
    const { messageId, payload, secret } = message();
    const lookup: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const result = await sendWebhook({ url: "https://nowhere.invalid/", secret, messageId, payload }, { lookup });
    expect(result).toMatchObject({ ok: false, status: null, error: "the host name nowhere.invalid does not resolve (ENOTFOUND)" });
  });
});

/** A self-signed certificate for hooks.example.com, made for this run (openssl), or null without openssl. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } | null {
  const dir = mkdtempSync(path.join(tmpdir(), "webhook-tls-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
      "-subj", "/CN=hooks.example.com", "-addext", "subjectAltName=DNS:hooks.example.com",
    ], { stdio: "ignore" });
    return { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = selfSignedCertificate();

describe.runIf(tls)("over https", () => {
  async function tlsReceiver() {
    const received: { servername: string | undefined; host: string | undefined }[] = [];
    const server = https.createServer({ key: tls!.key, cert: tls!.cert }, (request, response) => {
      received.push({ servername: (request.socket as { servername?: string }).servername, host: request.headers.host });
      request.resume();
      request.on("end", () => response.end("ok"));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, received };
  }

  it("names the host for TLS (SNI) and verifies the certificate against that name, while connecting to the checked address", async () => {
    const hook = await tlsReceiver();
    const { messageId, payload, secret } = message();
    const result = await sendWebhook(
      { url: `https://hooks.example.com:${hook.port}/in`, secret, messageId, payload },
      { allowPrivate: true, lookup: resolvesTo("127.0.0.1"), ca: tls!.cert },
    );
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(hook.received).toEqual([{ servername: "hooks.example.com", host: `hooks.example.com:${hook.port}` }]);
  });

  it("fails when the certificate is not for the URL's host, or not trusted", async () => {
    const hook = await tlsReceiver();
    const { messageId, payload, secret } = message();
    const otherName = await sendWebhook(
      { url: `https://other.example.com:${hook.port}/in`, secret, messageId, payload },
      { allowPrivate: true, lookup: resolvesTo("127.0.0.1"), ca: tls!.cert },
    );
    expect(otherName).toMatchObject({ ok: false, status: null });
    expect(otherName.error).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    const untrusted = await sendWebhook(
      { url: `https://hooks.example.com:${hook.port}/in`, secret, messageId, payload },
      { allowPrivate: true, lookup: resolvesTo("127.0.0.1") },
    );
    expect(untrusted).toMatchObject({ ok: false, status: null });
    expect(untrusted.error).toContain("SELF_SIGNED");
    expect(hook.received).toEqual([]);
  });
});

describe("message ids and secrets", () => {
  it("a sealed secret opens for its endpoint only", () => {
    process.env.NEXTAUTH_SECRET ??= "unit-test-secret-of-at-least-32-characters";
    const secret = newWebhookSecret();
    const sealed = sealWebhookSecret(secret, "endpoint-a");
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(openWebhookSecret(sealed, "endpoint-a")).toBe(secret);
    expect(() => openWebhookSecret(sealed, "endpoint-b")).toThrow();
  });

  it("a message id is msg_ and 26 base32 characters, new each time", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9A-Z]{26}$/);
  });

  it("a secret is whsec_ and base64 of 32 bytes, which standardwebhooks takes", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
  });
});
