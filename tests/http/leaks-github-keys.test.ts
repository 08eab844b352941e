// Where the server gets GitHub's signing keys when they are not given inline: fetched from
// GITHUB_SECRET_SCANNING_KEYS_URL (here a small server in this test, standing in for GitHub's meta
// endpoint), kept, and never fetched again more than once a minute however many unknown key
// identifiers arrive: made-up identifiers must not turn the app into a client that hammers GitHub.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorEnvelope } from "../support/client";
import { postToGithubEndpoint, signedDelivery, type GithubSigner } from "../support/github-signing";
import { forgedKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";

function makeSigner(identifier: string) {
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    signer: { identifier, privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() } satisfies GithubSigner,
    entry: { key_identifier: identifier, key: pair.publicKey.export({ type: "spki", format: "pem" }).toString(), is_current: true },
  };
}

describe("GitHub's keys fetched from GITHUB_SECRET_SCANNING_KEYS_URL", () => {
  const current = makeSigner("github-current");
  let fetches = 0;
  let keysServer: Server;
  let app: RunningServer;

  beforeAll(async () => {
    keysServer = createServer((_request, response) => {
      fetches++;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ public_keys: [current.entry] }));
    });
    await new Promise<void>((resolve) => keysServer.listen(0, "127.0.0.1", resolve));
    const { port } = keysServer.address() as AddressInfo;
    app = await startServer({ env: { GITHUB_SECRET_SCANNING_KEYS_URL: `http://127.0.0.1:${port}/meta/public_keys/secret_scanning`, GITHUB_SECRET_SCANNING_PUBLIC_KEYS: undefined } });
  });

  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => keysServer?.close(resolve));
  });

  const body = () => JSON.stringify([{ token: forgedKey(), type: "soc_api_key", url: "https://github.com/o/r/blob/main/.env", source: "content" }]);

  it("a delivery signed with a listed key is accepted; the keys are fetched once and kept", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await postToGithubEndpoint(app.url, signedDelivery(current.signer, body()));
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await response.json()).toMatchObject([{ label: "false_positive" }]);
    }
    expect(fetches).toBe(1);
  });

  it("a flood of unknown key identifiers: each refused with 401, and no fetch within the minute", async () => {
    for (let i = 0; i < 20; i++) {
      const response = await postToGithubEndpoint(app.url, signedDelivery(makeSigner(`made-up-${i}`).signer, body()));
      expect(response.status).toBe(401);
      expect((await errorEnvelope(response)).code).toBe("unauthorized");
    }
    expect(fetches).toBe(1);
    // The known key still works meanwhile.
    expect((await postToGithubEndpoint(app.url, signedDelivery(current.signer, body()))).status).toBe(200);
  });
});
