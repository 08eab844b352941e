// Revocation and rotation reach every instance: the instance that changes a key publishes its
// id, and every instance drops that key from its verification cache. A subscriber that loses
// its connection drops the whole cache and stops trusting it (entries live 1 s) until it is
// subscribed again, so a missed message can never keep a revoked key alive.
import { Redis } from "ioredis";
import { forgetAllKeys, forgetKey, setCacheTrusted } from "@/lib/keys/verify";
import { connectionName, redis, redisUrl, REDIS_OPTIONS, watchConnection } from "./client";

const CHANNEL = "soc:api-keys:changed";
const PUBLISH_TIMEOUT_MS = 500;

type Subscriber = { client: Redis | null };
const subscriber: Subscriber = ((globalThis as { __keyEvents?: Subscriber }).__keyEvents ??= { client: null });

export function startKeyEventSubscriber(): void {
  const url = redisUrl();
  if (!url || subscriber.client) return;
  // A subscriber needs its own connection; it may queue SUBSCRIBE until it is connected.
  const client = new Redis(url, { ...REDIS_OPTIONS, connectionName: connectionName("key-events"), enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.client = client;
  setCacheTrusted(false);
  watchConnection(client, "revocation subscriber", (up) => {
    // Whatever was published while we were away is lost: start from the database again.
    forgetAllKeys();
    if (!up) setCacheTrusted(false);
  });
  client.on("message", (channel: string, keyId: string) => {
    if (channel === CHANNEL) forgetKey(keyId);
  });
  // Trust the cache again only once the subscription itself is in place, after every (re)connect.
  client.on("ready", () => {
    void client.subscribe(CHANNEL).then(
      () => setCacheTrusted(true),
      () => setCacheTrusted(false),
    );
  });
}

/** Tells the other instances; a failure is logged by the connection watcher, never thrown. */
export async function publishKeyChanged(keyId: string): Promise<void> {
  const client = redis();
  if (!client) return;
  try {
    await Promise.race([
      client.publish(CHANNEL, keyId),
      new Promise((_, reject) => setTimeout(() => reject(new Error("publish timed out")), PUBLISH_TIMEOUT_MS).unref()),
    ]);
  } catch {
    // Redis is away: the other instances are then not trusting their caches either (1 s).
  }
}
