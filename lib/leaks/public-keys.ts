// GitHub's secret-scanning signing keys. Either given inline (GITHUB_SECRET_SCANNING_PUBLIC_KEYS,
// for deployments without outbound access and for tests) or fetched from
// GITHUB_SECRET_SCANNING_KEYS_URL (GitHub's meta endpoint by default), kept for an hour, and
// fetched again early, at most once a minute, when a delivery names a key we do not have (GitHub
// rotated). The once-a-minute bound is what keeps unsigned junk with made-up identifiers from
// turning this server into a client that hammers GitHub.
import { createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod";

export const DEFAULT_KEYS_URL = "https://api.github.com/meta/public_keys/secret_scanning";
const CACHE_MS = 60 * 60 * 1000;
const MIN_REFETCH_MS = 60 * 1000;
const FETCH_TIMEOUT_MS = 5_000;

const publicKeysDocumentSchema = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean().optional() })),
});

type State = {
  keys: Map<string, KeyObject>;
  /** When the keys were last fetched successfully; 0 before that. */
  fetchedAtMs: number;
  /** When a fetch last began, successful or not. */
  attemptedAtMs: number;
  inflight: Promise<void> | null;
  inline: Map<string, KeyObject> | null | undefined;
};
// On globalThis: Next may load this module once per route bundle; one cache for the process.
const state: State = ((globalThis as { __githubScanningKeys?: State }).__githubScanningKeys ??= {
  keys: new Map(),
  fetchedAtMs: 0,
  attemptedAtMs: 0,
  inflight: null,
  inline: undefined,
});

/** Only ECDSA P-256 keys are GitHub's signing keys; anything else in the document is ignored. */
function toKeyMap(document: unknown, where: string): Map<string, KeyObject> {
  const parsed = publicKeysDocumentSchema.safeParse(document);
  if (!parsed.success) throw new Error(`${where} is not a secret-scanning key document ({"public_keys":[{"key_identifier","key"}]}).`);
  const keys = new Map<string, KeyObject>();
  for (const entry of parsed.data.public_keys) {
    let key: KeyObject;
    try {
      key = createPublicKey(entry.key);
    } catch {
      throw new Error(`${where}: the key ${entry.key_identifier} is not a PEM public key.`);
    }
    if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") keys.set(entry.key_identifier, key);
  }
  return keys;
}

function inlineKeys(): Map<string, KeyObject> | null {
  if (state.inline === undefined) {
    const raw = process.env.GITHUB_SECRET_SCANNING_PUBLIC_KEYS?.trim();
    let document: unknown = null;
    if (raw) {
      try {
        document = JSON.parse(raw);
      } catch {
        throw new Error("GITHUB_SECRET_SCANNING_PUBLIC_KEYS is not valid JSON.");
      }
    }
    state.inline = raw ? toKeyMap(document, "GITHUB_SECRET_SCANNING_PUBLIC_KEYS") : null;
  }
  return state.inline;
}

async function refresh(nowMs: number): Promise<void> {
  state.attemptedAtMs = nowMs;
  const url = process.env.GITHUB_SECRET_SCANNING_KEYS_URL?.trim() || DEFAULT_KEYS_URL;
  try {
    const response = await fetch(url, {
      headers: { accept: "application/json", "user-agent": "soc-api-keys secret-scanning partner" },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    state.keys = toKeyMap(await response.json(), url);
    state.fetchedAtMs = Date.now();
  } catch (error) {
    // Keep what we had: a GitHub outage must not drop keys that were good a minute ago.
    console.error(`[leaks] could not fetch GitHub's secret-scanning keys from ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The public key GitHub signed with, or null when no known key has that identifier. */
export async function githubPublicKey(identifier: string, nowMs: number = Date.now()): Promise<KeyObject | null> {
  const inline = inlineKeys();
  if (inline) return inline.get(identifier) ?? null;
  const stale = nowMs - state.fetchedAtMs >= CACHE_MS;
  const unknown = !state.keys.has(identifier);
  if ((stale || unknown) && nowMs - state.attemptedAtMs >= MIN_REFETCH_MS) {
    state.inflight ??= refresh(nowMs).finally(() => {
      state.inflight = null;
    });
  }
  if (state.inflight) await state.inflight;
  return state.keys.get(identifier) ?? null;
}
