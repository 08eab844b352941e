// A webhook receiver on 127.0.0.1 for tests: records every request (headers and raw body) and
// answers as the test says: a status, or never (the socket stays open until the receiver closes).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceivedWebhook = { id: string; timestamp: string; signature: string; headers: Record<string, string>; body: string; at: number };
export type Answer = number | "hang";

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the answer to each request, in order of arrival (0-based). Default: 200. */
  answer: (request: ReceivedWebhook, index: number) => Answer;
  /** Resolves once `count` requests have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Verifies every received request with standardwebhooks and returns the parsed bodies. */
  verifyAll(secret: string): { type: string; timestamp: string; data: Record<string, unknown> }[];
  close(): Promise<void>;
};

export async function startWebhookReceiver(path = "/hooks"): Promise<WebhookReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    answer: () => 200,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} webhook requests, got ${receiver.received.length}.`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    verifyAll(secret) {
      const webhook = new Webhook(secret);
      return receiver.received.map((request) => webhook.verify(request.body, request.headers) as { type: string; timestamp: string; data: Record<string, unknown> });
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers[name] = value;
      const entry: ReceivedWebhook = {
        id: headers["webhook-id"] ?? "",
        timestamp: headers["webhook-timestamp"] ?? "",
        signature: headers["webhook-signature"] ?? "",
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      const index = receiver.received.push(entry) - 1;
      const answer = request.url === path ? receiver.answer(entry, index) : 404;
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      response.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
