// GitHub's secret-scanning partner endpoint against the real server: deliveries signed with a
// P-256 key made for this run (global-setup gives the server its public half inline), a batch of
// 1,000 matches of every kind, the refusals that must change nothing, repeats, and the notify policy.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { postToGithubEndpoint, signedDelivery, type GithubSigner } from "../support/github-signing";
import { createKey, forgedKey, withKey } from "../support/keys";

const baseUrl = inject("baseUrl");
const signer: GithubSigner = { identifier: inject("githubKeyIdentifier"), privateKeyPem: inject("githubSigningKey") };

type Alert = { token: string; type: string; url: string; source: string };
type Feedback = { token_hash: string; token_type: string; label: "true_positive" | "false_positive" }[];
type KeyView = { id: string; status: string; exposed_at: string | null; exposure_url: string | null; exposure_source: string | null; revoked_at: string | null };
type AuditEvent = { action: string; key: { id: string } | null; metadata: Record<string, unknown> | null };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const alert = (token: string, n: number, type = "soc_api_key"): Alert => ({ token, type, url: `https://github.com/octo/leaky/blob/main/config-${n}.env`, source: "content" });

async function keyViews(cookie: string): Promise<Map<string, KeyView>> {
  const response = await api(baseUrl, "/api/v1/keys?status=all", { cookie });
  expect(response.status).toBe(200);
  // Only what a delivery can write: usage (last_used_at, daily_requests) moves with the usage flush
  // (every 5 s), which may land between two reads for the uses of earlier tests.
  const pick = ({ id, status, exposed_at, exposure_url, exposure_source, revoked_at }: KeyView): KeyView => ({ id, status, exposed_at, exposure_url, exposure_source, revoked_at });
  return new Map(((await response.json()) as { data: KeyView[] }).data.map((key) => [key.id, pick(key)]));
}

async function audit(cookie: string): Promise<AuditEvent[]> {
  const response = await api(baseUrl, "/api/v1/audit-events?limit=100&type=api_key,account", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: AuditEvent[] }).data;
}

/** An account with keys: some live ones to report, one live bystander, some revoked ones to report. */
async function accountWithKeys(live: number, revoked: number) {
  const { cookie } = await signUpAndSignIn(baseUrl);
  const made = [];
  for (let i = 0; i < live + 1 + revoked; i++) made.push((await createKey(baseUrl, cookie, { name: `leak-${i}-${randomBytes(3).toString("hex")}` })).data);
  const revokedKeys = made.slice(live + 1);
  for (const key of revokedKeys) expect((await api(baseUrl, `/api/v1/keys/${key.id}`, { method: "DELETE", cookie })).status).toBe(200);
  return { cookie, live: made.slice(0, live), bystander: made[live]!, revoked: revokedKeys };
}

function malformed(i: number): string {
  const good = forgedKey();
  const variants = [
    good.slice(0, -1) + (good.endsWith("A") ? "B" : "A"), // checksum off by one character
    good.slice(0, -1), // one short
    good + "x", // one long
    "sk_live_" + randomBytes(12).toString("hex"), // a Stripe-style live key
    good.replace("sk_live_", "sk_test_"),
    good.toUpperCase(),
    "",
  ];
  return variants[i % variants.length]!;
}

function otherProvider(i: number): string {
  const hex = randomBytes(20).toString("hex");
  const variants = [`ghp_${hex.slice(0, 36)}`, `AKIA${hex.slice(0, 16).toUpperCase()}`, `xoxb-${hex}`, `sk_live_${hex}${hex}`, `glpat-${hex.slice(0, 20)}`];
  return variants[i % variants.length]!;
}

describe("GitHub secret-scanning alerts", () => {
  let accounts: Awaited<ReturnType<typeof accountWithKeys>>[];
  let batch: Alert[];
  let firstFeedback: Feedback;

  beforeAll(async () => {
    accounts = [];
    for (let i = 0; i < 3; i++) accounts.push(await accountWithKeys(7, 2));
  });

  it("a signed batch of 1,000 matches: the right label for each, in order, and exactly the live keys revoked", async () => {
    const ours = accounts.flatMap((account) => [...account.live, ...account.revoked]);
    const tokens: { token: string; ours: boolean }[] = ours.map((key) => ({ token: key.key, ours: true }));
    // The same live key found a second time in the same batch, somewhere else.
    tokens.push({ token: accounts[0]!.live[0]!.key, ours: true });
    for (let i = 0; i < 500; i++) tokens.push({ token: forgedKey(), ours: false });
    for (let i = 0; i < 300; i++) tokens.push({ token: malformed(i), ours: false });
    while (tokens.length < 1000) tokens.push({ token: otherProvider(tokens.length), ours: false });
    // Ours spread through the batch, not bunched at the start.
    const order = tokens.map((token, i) => ({ token, sortKey: (i * 7919) % 1000 })).sort((a, b) => a.sortKey - b.sortKey).map((entry) => entry.token);
    batch = order.map((entry, i) => alert(entry.token, i));
    expect(batch).toHaveLength(1000);

    const started = performance.now();
    const response = await postToGithubEndpoint(baseUrl, signedDelivery(signer, JSON.stringify(batch)));
    const elapsedMs = performance.now() - started;
    console.log(`[leaks] 1,000-match delivery answered in ${elapsedMs.toFixed(0)} ms`);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(elapsedMs).toBeLessThan(5000);

    firstFeedback = (await response.json()) as Feedback;
    expect(firstFeedback).toHaveLength(1000);
    firstFeedback.forEach((entry, i) => {
      expect(entry.token_hash).toBe(sha256(batch[i]!.token));
      expect(entry.token_type).toBe(batch[i]!.type);
      expect(entry.label, `token ${i}`).toBe(order[i]!.ours ? "true_positive" : "false_positive");
    });

    for (const account of accounts) {
      const views = await keyViews(account.cookie);
      for (const key of account.live) {
        const view = views.get(key.id)!;
        expect(view.status).toBe("revoked");
        expect(view.exposure_source).toBe("github");
        expect(view.exposed_at).not.toBeNull();
        expect(view.exposure_url).toMatch(/^https:\/\/github\.com\/octo\/leaky\/blob\/main\/config-\d+\.env$/);
        const refused = await withKey(baseUrl, "/api/v1/me", key.key);
        expect(refused.status).toBe(401);
        expect((await errorEnvelope(refused)).code).toBe("key_revoked");
      }
      // Revoked already: marked as found, nothing else to do.
      for (const key of account.revoked) {
        expect(views.get(key.id)).toMatchObject({ status: "revoked", exposure_source: "github" });
      }
      // Not in the batch: untouched and working.
      expect(views.get(account.bystander.id)).toMatchObject({ status: "active", exposed_at: null, exposure_url: null, exposure_source: null });
      expect((await withKey(baseUrl, "/api/v1/me", account.bystander.key)).status).toBe(200);

      const events = await audit(account.cookie);
      const exposed = events.filter((event) => event.action === "api_key.exposed");
      expect(exposed.map((event) => event.key?.id).sort()).toEqual([...account.live, ...account.revoked].map((key) => key.id).sort());
      const revokedByLeak = events.filter((event) => event.action === "api_key.revoked" && event.metadata?.reason === "exposed");
      expect(revokedByLeak.map((event) => event.key?.id).sort()).toEqual(account.live.map((key) => key.id).sort());
    }
  });

  it("the same batch delivered again: the same answer, and nothing changes", async () => {
    // What a delivery can write. api_key.new_source is left out: the usage flush (every 5 s) can
    // still be recording the uses of earlier tests while this one runs.
    const written = async (cookie: string) => (await audit(cookie)).filter((event) => event.action !== "api_key.new_source").length;
    const before = await Promise.all(accounts.map(async (account) => ({ views: await keyViews(account.cookie), events: await written(account.cookie) })));
    const response = await postToGithubEndpoint(baseUrl, signedDelivery(signer, JSON.stringify(batch)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(firstFeedback);
    for (const [i, account] of accounts.entries()) {
      expect(await keyViews(account.cookie)).toEqual(before[i]!.views);
      expect(await written(account.cookie)).toBe(before[i]!.events);
    }
  });

  describe("a delivery GitHub did not sign answers 401 and changes nothing", () => {
    const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const cases: { name: string; send: (body: string) => Promise<Response> }[] = [
      { name: "forged signature (another P-256 key, our identifier)", send: (body) => postToGithubEndpoint(baseUrl, signedDelivery({ identifier: signer.identifier, privateKeyPem: otherKey }, body)) },
      { name: "unknown key identifier", send: (body) => postToGithubEndpoint(baseUrl, signedDelivery({ identifier: "not-a-github-key", privateKeyPem: signer.privateKeyPem }, body)) },
      {
        name: "body changed after signing",
        send: (body) => {
          const delivery = signedDelivery(signer, body);
          return postToGithubEndpoint(baseUrl, { ...delivery, body: delivery.body.replace("config-0", "config-9") });
        },
      },
      {
        name: "no signature header",
        send: (body) => {
          const { "github-public-key-signature": _dropped, ...headers } = signedDelivery(signer, body).headers;
          return postToGithubEndpoint(baseUrl, { body, headers });
        },
      },
      {
        name: "no key identifier header",
        send: (body) => {
          const { "github-public-key-identifier": _dropped, ...headers } = signedDelivery(signer, body).headers;
          return postToGithubEndpoint(baseUrl, { body, headers });
        },
      },
      { name: "signature that is not base64 DER", send: (body) => postToGithubEndpoint(baseUrl, { body, headers: { ...signedDelivery(signer, body).headers, "github-public-key-signature": "bm90IGEgc2lnbmF0dXJl" } }) },
    ];

    for (const row of cases) {
      it(row.name, async () => {
        const { cookie } = await signUpAndSignIn(baseUrl);
        const { data } = await createKey(baseUrl, cookie, { name: "prod-splunk-unsigned" });
        const eventsBefore = (await audit(cookie)).length;
        const response = await row.send(JSON.stringify([alert(data.key, 0)]));
        expect(response.status).toBe(401);
        expect((await errorEnvelope(response)).code).toBe("unauthorized");
        expect((await keyViews(cookie)).get(data.id)).toMatchObject({ status: "active", exposed_at: null, exposure_source: null });
        expect((await audit(cookie)).length).toBe(eventsBefore);
        expect((await withKey(baseUrl, "/api/v1/me", data.key)).status).toBe(200);
      });
    }
  });

  it("a signed body that is not a list of matches is refused as a bad body; one over 1 MB is refused before it is read", async () => {
    const notJson = await postToGithubEndpoint(baseUrl, signedDelivery(signer, "[{"));
    expect(notJson.status).toBe(400);
    expect((await errorEnvelope(notJson)).code).toBe("invalid_json");
    const wrongShape = await postToGithubEndpoint(baseUrl, signedDelivery(signer, JSON.stringify({ token: forgedKey() })));
    expect(wrongShape.status).toBe(400);
    expect((await errorEnvelope(wrongShape)).code).toBe("invalid_request");
    const huge = JSON.stringify(Array.from({ length: 7000 }, (_, i) => alert(forgedKey(), i)));
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    const tooLarge = await postToGithubEndpoint(baseUrl, signedDelivery(signer, huge));
    expect(tooLarge.status).toBe(413);
    expect((await errorEnvelope(tooLarge)).code).toBe("payload_too_large");
    const empty = await postToGithubEndpoint(baseUrl, signedDelivery(signer, "[]"));
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual([]);
  });

  it("the notify policy: the key keeps working, flagged, and the policy change is audited", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    expect(await (await api(baseUrl, "/api/v1/keys/leak-policy", { cookie })).json()).toEqual({ data: { policy: "revoke" } });
    const set = await api(baseUrl, "/api/v1/keys/leak-policy", { method: "PATCH", json: { policy: "notify" }, cookie });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ data: { policy: "notify" } });
    const { data } = await createKey(baseUrl, cookie, { name: "prod-sentinel-notify" });

    const response = await postToGithubEndpoint(baseUrl, signedDelivery(signer, JSON.stringify([alert(data.key, 42)])));
    expect(response.status).toBe(200);
    expect(((await response.json()) as Feedback)[0]?.label).toBe("true_positive");

    expect((await withKey(baseUrl, "/api/v1/me", data.key)).status).toBe(200);
    expect((await keyViews(cookie)).get(data.id)).toMatchObject({
      status: "active",
      revoked_at: null,
      exposure_source: "github",
      exposure_url: "https://github.com/octo/leaky/blob/main/config-42.env",
    });
    const events = await audit(cookie);
    expect(events.filter((event) => event.action === "api_key.exposed")).toHaveLength(1);
    expect(events.filter((event) => event.action === "api_key.revoked")).toHaveLength(0);
    expect(events.find((event) => event.action === "account.leak_policy_changed")).toMatchObject({
      key: null,
      metadata: { before: { policy: "revoke" }, after: { policy: "notify" } },
    });
  });
});
