// Public leak reports: the same 202 and the same bytes whatever was reported (no oracle), a live
// key reported stops working, and reports are throttled per client address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createKey, forgedKey, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

/** As a researcher's script sends it: no browser headers, no credentials. */
function report(url: string, keys: string[]): Promise<Response> {
  return fetch(new URL("/api/v1/keys/report-leak", url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ keys }) });
}

type KeyView = { id: string; status: string; exposed_at: string | null; exposure_url: string | null; exposure_source: string | null };

async function keyView(url: string, cookie: string, id: string): Promise<KeyView> {
  const response = await api(url, `/api/v1/keys/${id}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: KeyView }).data;
}

describe("POST /api/v1/keys/report-leak", () => {
  // A server of its own with the per-address limit off: this test sends more reports from
  // 127.0.0.1 than the default budget, and must not spend the shared server's.
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { LEAK_REPORT_LIMIT_PER_MINUTE: "0" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers byte-identically for a live key, a revoked key, an unknown well-formed key and garbage; the live keys stop working", async () => {
    const { cookie } = await signUpAndSignIn(server.url);
    const rounds = 5;
    const live = [];
    for (let i = 0; i < rounds; i++) live.push((await createKey(server.url, cookie, { name: `prod-reported-live-${i}` })).data);
    const revoked = (await createKey(server.url, cookie, { name: "prod-reported-revoked" })).data;
    expect((await api(server.url, `/api/v1/keys/${revoked.id}`, { method: "DELETE", cookie })).status).toBe(200);
    for (const key of live) expect((await withKey(server.url, "/api/v1/me", key.key)).status).toBe(200);

    // The route's first request loads its code; warm it so the figures below compare like with like.
    expect((await report(server.url, ["warm-up"])).status).toBe(202);
    const kinds = ["live", "revoked", "unknown", "garbage"] as const;
    const answers: { what: (typeof kinds)[number]; status: number; type: string | null; body: string; ms: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      // A different order each round, so no kind always follows the handling of a live one.
      for (const what of kinds.map((kind, i) => kinds[(i + round) % kinds.length]!)) {
        const keys = { live: [live[round]!.key], revoked: [revoked.key], unknown: [forgedKey()], garbage: ["not a key at all", "sk_live_short", "☃"] }[what];
        // Let the previous report's handling (after its answer) finish first: this measures each
        // answer itself. (The handling of a live key is work the server does after answering; it is
        // no better an oracle than presenting the key to GET /api/v1/me, and it revokes the key.)
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = performance.now();
        const response = await report(server.url, keys);
        const body = await response.text();
        answers.push({ what, status: response.status, type: response.headers.get("content-type"), body, ms: performance.now() - started });
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `[leaks] report answer times, median of ${rounds}: ${kinds.map((what) => `${what} ${median(answers.filter((a) => a.what === what).map((a) => a.ms)).toFixed(1)} ms`).join(", ")}`,
    );
    for (const answer of answers) {
      expect(answer.status, answer.what).toBe(202);
      expect(answer.type, answer.what).toBe(answers[0]!.type);
      expect(answer.body, answer.what).toBe(answers[0]!.body);
    }
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ data: { status: "received" } });

    // Handled just after each answer: every reported live key is refused from then on.
    for (const key of live) {
      const deadline = Date.now() + 5000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await withKey(server.url, "/api/v1/me", key.key)).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(401);
      const view = await keyView(server.url, cookie, key.id);
      expect(view).toMatchObject({ status: "revoked", exposure_source: "report", exposure_url: null });
      expect(view.exposed_at).not.toBeNull();
    }
  });

  it("a body that is not a list of keys is refused as any bad body is", async () => {
    const response = await fetch(new URL("/api/v1/keys/report-leak", server.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ keys: Array(101).fill("x") }) });
    expect(response.status).toBe(400);
    expect((await errorEnvelope(response)).code).toBe("invalid_request");
  });
});

describe("reports are throttled per client address", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { LEAK_REPORT_LIMIT_PER_MINUTE: "3" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("past the budget: 429 with Retry-After, whatever the keys", async () => {
    for (let i = 0; i < 3; i++) expect((await report(server.url, [forgedKey()])).status).toBe(202);
    const refused = await report(server.url, [forgedKey()]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorEnvelope(refused)).code).toBe("rate_limited");
  });
});
