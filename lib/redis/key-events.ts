// Revocation, rotation and tier moves reach every instance, without loss. The instance (or
// script) that changes a key appends its id (`key`), or for a tier move the account's (`account`),
// to a Redis stream (XADD, trimmed to about STREAM_LENGTH entries), retrying a
// failed append a few times; every instance reads the stream with a blocking XREAD on a
// connection of its own, from the last id it has seen, and drops each named key from its
// verification cache. Unlike a pub/sub channel, the stream keeps what is published while a
// reader is away: after a reconnect it reads what it missed. (Tier moves are also read from the
// database every second, lib/accounts/changes.ts, for a writer that has no Redis.) Only when it cannot prove it missed
// nothing (its last id was trimmed away, or Redis restarted and lost the stream) does it drop its
// whole cache instead. Until it is caught up the cache is not trusted (entries live 1 s), so a
// change it has not read yet, or one that could not be appended at all because Redis was
// unreachable, is honoured within that second.
import { Redis } from "ioredis";
import { forgetAccount, forgetAllKeys, forgetKey, setCacheTrusted } from "@/lib/keys/verify";
import { connectionName, redis, redisUrl, REDIS_OPTIONS, watchConnection } from "./client";

const STREAM = "soc:api-keys:changes";
/** A reader away for longer than this many changes forgets its whole cache instead of catching up. */
const STREAM_LENGTH = 10_000;
const READ_BATCH = 500;
/** A blocking read returns at least this often; the loop then simply reads again. */
const READ_BLOCK_MS = 5_000;
/** After an error answer (not a lost connection), before reading again. */
const READ_RETRY_MS = 1_000;
const PUBLISH_TIMEOUT_MS = 500;
/**
 * Pauses before each further append: 0.75 s in all, enough to ride out a dropped command
 * connection (it reconnects after 100 ms) without holding a revoke's response long when Redis is down.
 */
const PUBLISH_RETRY_DELAYS_MS = [50, 100, 200, 400];

type Reader = { client: Redis | null; lastId: string | null; serverRunId: string | null };
const reader: Reader = ((globalThis as { __keyEvents?: Reader }).__keyEvents ??= { client: null, lastId: null, serverRunId: null });

type Entries = [id: string, fields: string[]][];

export function startKeyEventSubscriber(): void {
  const url = redisUrl();
  if (!url || reader.client) return;
  const client = new Redis(url, {
    ...REDIS_OPTIONS,
    connectionName: connectionName("key-events"),
    // A lost connection fails the read in flight at once, instead of ioredis resending it
    // unseen after the reconnect: the loop must first check what it may have missed.
    maxRetriesPerRequest: 0,
  });
  reader.client = client;
  setCacheTrusted(false);
  watchConnection(client, "key-change reader", (up) => {
    if (!up) setCacheTrusted(false);
  });
  void readForever(client);
}

async function readForever(client: Redis): Promise<void> {
  let failing = false;
  for (;;) {
    try {
      await connected(client);
      await catchUp(client);
      setCacheTrusted(true);
      failing = false;
      for (;;) forgetListed(await client.xread("COUNT", READ_BATCH, "BLOCK", READ_BLOCK_MS, "STREAMS", STREAM, currentId()));
    } catch (error) {
      setCacheTrusted(false);
      // A lost connection is logged by the watcher; an error answer is logged here, once.
      if (client.status === "ready") {
        if (!failing) console.error(`[redis] key-change reader: ${error instanceof Error ? error.message : String(error)}; retrying.`);
        failing = true;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      }
    }
  }
}

function connected(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve) => client.once("ready", () => resolve()));
}

/**
 * Applies everything appended since the last id read. When continuity cannot be shown (first
 * connection, another Redis process, or entries trimmed past our position), starts from the
 * newest entry and forgets every cached key: those changes are in the database already.
 */
async function catchUp(client: Redis): Promise<void> {
  const runId = /^run_id:(\w+)/m.exec(await client.info("server"))?.[1] ?? null;
  const [oldest] = await client.xrange(STREAM, "-", "+", "COUNT", 1);
  const restarted = reader.serverRunId !== null && runId !== reader.serverRunId;
  const trimmed = !restarted && reader.lastId !== null && mayHaveMissed(reader.lastId, oldest?.[0] ?? null);
  if (reader.lastId === null || restarted || trimmed) {
    if (restarted) console.warn("[redis] key-change reader: Redis restarted, so changes may be lost; dropped every cached key.");
    if (trimmed) console.warn("[redis] key-change reader: changes were trimmed from the stream while it was away; dropped every cached key.");
    const [newest] = await client.xrevrange(STREAM, "+", "-", "COUNT", 1);
    reader.lastId = newest?.[0] ?? "0-0";
    reader.serverRunId = runId;
    forgetAllKeys();
    return;
  }
  while (forgetListed(await client.xread("COUNT", READ_BATCH, "STREAMS", STREAM, currentId())) === READ_BATCH);
}

function currentId(): string {
  return reader.lastId ?? "0-0";
}

function forgetListed(reply: [key: string, entries: Entries][] | null): number {
  const entries = reply?.[0]?.[1] ?? [];
  for (const [id, fields] of entries) {
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = fields[i + 1];
      if (value === undefined) continue;
      if (fields[i] === "key") forgetKey(value);
      else if (fields[i] === "account") forgetAccount(value);
    }
    reader.lastId = id;
  }
  return entries.length;
}

function parseStreamId(id: string): [ms: bigint, seq: bigint] {
  const [ms = "0", seq = "0"] = id.split("-");
  return [BigInt(ms), BigInt(seq)];
}

/** Stream ids ("ms-seq") compared as numbers (they outgrow string order and Number). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parseStreamId(a);
  const [bMs, bSeq] = parseStreamId(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/**
 * Whether entries after `lastId` may be gone: trimming removes the oldest entries, so nothing is
 * lost while the stream still starts at or before `lastId`. An empty stream after we had read
 * something means it was deleted or lost. (A false alarm only costs a cache refill.)
 */
export function mayHaveMissed(lastId: string, oldestId: string | null): boolean {
  if (oldestId === null) return lastId !== "0-0";
  return compareStreamIds(oldestId, lastId) > 0;
}

/**
 * Tells the other instances, retrying a failed append. Never throws: when every attempt fails
 * (Redis unreachable) it logs once, and the other instances, which cannot reach Redis either
 * or are catching up, do not trust their caches meanwhile (1 s).
 */
export function publishKeyChanged(keyId: string): Promise<void> {
  return publishChange("key", keyId);
}

/** An account's tier moved: every instance re-reads that account's cached keys. */
export function publishAccountChanged(accountId: string): Promise<void> {
  return publishChange("account", accountId);
}

async function publishChange(field: "key" | "account", id: string): Promise<void> {
  const client = redis();
  if (!client) return;
  let failure: unknown = null;
  for (let attempt = 0; attempt <= PUBLISH_RETRY_DELAYS_MS.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, PUBLISH_RETRY_DELAYS_MS[attempt - 1]));
    try {
      // An attempt that timed out may still land: a second copy of the entry is harmless.
      await Promise.race([
        client.xadd(STREAM, "MAXLEN", "~", STREAM_LENGTH, "*", field, id),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), PUBLISH_TIMEOUT_MS).unref()),
      ]);
      return;
    } catch (error) {
      failure = error;
    }
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  console.error(`[redis] the change of ${field} ${id} could not be sent to the other instances (${reason}); they re-check cached keys every second while Redis is unreachable.`);
}
