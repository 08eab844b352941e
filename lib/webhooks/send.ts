// One attempt to deliver one message: sign it, POST it, say how it went. Retries, backoff and
// what to record are the caller's (lib/jobs); this only makes the request, safely:
// - the host name is resolved and every address checked (url-guard), and the connection goes to
//   the address that was checked: the socket's lookup answers with it, so a second DNS answer
//   (DNS rebinding) can never send the request somewhere else; TLS still names and verifies the host;
// - one deadline (WEBHOOK_TIMEOUT_MS, default 10 s) covers resolving, connecting, and the answer;
// - redirects are never followed (a 3xx is a failure), and at most 4 KB of the answer is read;
// - the signature (Standard Webhooks, standardwebhooks) is made at send time, over this attempt's
//   timestamp. Nothing here logs: not the secret, not the payload, not the answer.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Webhook } from "standardwebhooks";
import { resolveDeliverableAddress, type GuardOptions } from "./url-guard";

export const USER_AGENT = "SOC-Platform-Webhooks/1";
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 4 * 1024;

export type SendWebhookInput = { url: string; secret: string; messageId: string; payload: string; timeoutMs?: number };
export type SendWebhookResult = { ok: boolean; status: number | null; error: string | null; durationMs: number };
/** For tests: the address rules and the resolver (url-guard), and a certificate authority to trust. */
export type SendWebhookOptions = GuardOptions & { ca?: string | Buffer };

export function webhookTimeoutMs(): number {
  const raw = process.env.WEBHOOK_TIMEOUT_MS?.trim();
  const value = raw ? Number(raw) : DEFAULT_TIMEOUT_MS;
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

class Timeout extends Error {}

export async function sendWebhook(input: SendWebhookInput, options: SendWebhookOptions = {}): Promise<SendWebhookResult> {
  const started = performance.now();
  const timeoutMs = input.timeoutMs ?? webhookTimeoutMs();
  const result = (ok: boolean, status: number | null, error: string | null): SendWebhookResult => ({
    ok,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return result(false, null, "the URL is not valid");
    }
    const target = await Promise.race([resolveDeliverableAddress(url, options), deadline]);
    const timestamp = new Date();
    const signature = new Webhook(input.secret).sign(input.messageId, timestamp, input.payload);
    const body = Buffer.from(input.payload, "utf8");
    const headers = {
      "content-type": "application/json",
      "content-length": String(body.length),
      "user-agent": USER_AGENT,
      "webhook-id": input.messageId,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signature,
    };
    const status = await post(url, target, body, headers, deadline, options.ca);
    if (status >= 200 && status < 300) return result(true, status, null);
    if (status >= 300 && status < 400) return result(false, status, `redirects are not followed (the endpoint answered ${status})`);
    return result(false, status, `the endpoint answered ${status}`);
  } catch (error) {
    return result(false, null, describe(error));
  } finally {
    clearTimeout(timer);
  }
}

/** The request, to exactly the checked address; resolves with the status once the answer is read (4 KB at most) or dropped. */
function post(
  url: URL,
  target: { address: string; family: 4 | 6 },
  body: Buffer,
  headers: Record<string, string>,
  deadline: Promise<never>,
  ca: string | Buffer | undefined,
): Promise<number> {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const isName = !/^[0-9.]+$/.test(hostname) && !hostname.includes(":");
  // The socket asks this instead of DNS: the answer is the address already checked. Node may ask
  // for every address (all: true, when it races IPv4 and IPv6); there is only this one.
  const lookup: LookupFunction = (_name, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const requestOptions: https.RequestOptions = {
    method: "POST",
    hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, host: url.host },
    lookup,
    // A fresh connection per attempt: a pooled socket is never reused for another address.
    agent: false,
    ...(url.protocol === "https:" ? { servername: isName ? hostname : undefined, ...(ca ? { ca } : {}) } : {}),
  };
  return new Promise<number>((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(requestOptions, (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      const done = () => {
        response.destroy();
        request.destroy();
        resolve(status);
      };
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_ANSWER_BYTES) done();
      });
      response.on("end", done);
      response.on("error", done);
      // The answer's status is known: a body that never ends still ends the attempt at the deadline.
      deadline.catch(done);
    });
    request.on("error", reject);
    deadline.catch((error: unknown) => request.destroy(error instanceof Error ? error : new Error(String(error))));
    request.end(body);
  });
}

/** A short reason for the delivery log: no address list, no answer body, no secret. */
function describe(error: unknown): string {
  if (error instanceof Timeout) return error.message;
  if (!(error instanceof Error)) return "the request failed";
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ECONNREFUSED":
      return "the connection was refused";
    case "ECONNRESET":
      return "the connection was reset";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host is unreachable";
    case "ETIMEDOUT":
      return "the connection timed out";
    case "EPIPE":
      return "the endpoint closed the connection while the message was being sent";
    default:
      return typeof code === "string" ? `${error.message.split("\n")[0]} (${code})` : error.message.split("\n")[0]!;
  }
}
