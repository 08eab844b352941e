// Public leak reports: the same 202 and the same bytes whatever was reported (no oracle), a live
// key reported stops working, and reports are throttled per client address.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { createKey, forgedKey, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

const baseUrl = inject("baseUrl");

/** As a researcher's script sends it: no browser headers, no credentials. */
function report(url: string, keys: string[]): Promise<Response> {
  return fetch(new URL("/api/v1/keys/report-leak", url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ keys }) });
}

type KeyView = { id: string; status: string; exposed_at: string | null; exposure_url: string | null; exposure_source: string | null };

async function keyView(cookie: string, id: string): Promise<KeyView> {
  const response = await api(baseUrl, `/api/v1/keys/${id}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: KeyView }).data;
}

describe("POST /api/v1/keys/report-leak", () => {
  it("answers byte-identically for a live key, a revoked key, an unknown well-formed key and garbage; the live key stops working", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const live = (await createKey(baseUrl, cookie, { name: "prod-reported-live" })).data;
    const revoked = (await createKey(baseUrl, cookie, { name: "prod-reported-revoked" })).data;
    expect((await api(baseUrl, `/api/v1/keys/${revoked.id}`, { method: "DELETE", cookie })).status).toBe(200);
    expect((await withKey(baseUrl, "/api/v1/me", live.key)).status).toBe(200);

    // The route's first request loads its code; warm it so the figures below compare like with like.
    expect((await report(baseUrl, ["warm-up"])).status).toBe(202);
    const answers: { what: string; status: number; type: string | null; body: string; ms: number }[] = [];
    for (const [what, keys] of [
      ["live", [live.key]],
      ["revoked", [revoked.key]],
      ["unknown", [forgedKey()]],
      ["garbage", ["not a key at all", "sk_live_short", "☃"]],
    ] as const) {
      const started = performance.now();
      const response = await report(baseUrl, [...keys]);
      const body = await response.text();
      answers.push({ what, status: response.status, type: response.headers.get("content-type"), body, ms: performance.now() - started });
    }
    console.log(`[leaks] report answers: ${answers.map((a) => `${a.what} ${a.ms.toFixed(1)} ms`).join(", ")}`);
    for (const answer of answers) {
      expect(answer.status, answer.what).toBe(202);
      expect(answer.type, answer.what).toBe(answers[0]!.type);
      expect(answer.body, answer.what).toBe(answers[0]!.body);
    }
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ data: { status: "received" } });

    // Handled just after the answer: the live key is refused from then on.
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await withKey(baseUrl, "/api/v1/me", live.key)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
    expect(await keyView(cookie, live.id)).toMatchObject({ status: "revoked", exposure_source: "report", exposure_url: null });
    expect((await keyView(cookie, live.id)).exposed_at).not.toBeNull();
  });

  it("a body that is not a list of keys is refused as any bad body is", async () => {
    const response = await fetch(new URL("/api/v1/keys/report-leak", baseUrl), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ keys: Array(101).fill("x") }) });
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
