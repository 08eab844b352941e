// A throwaway redis-server on its own port, which a test can stop and start again.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";
import { freePort } from "./ports.mjs";

export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

export type TestRedis = {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** CLIENT KILLs every connection whose name (CLIENT SETNAME) ends with the suffix; resolves with how many. */
  killConnections(nameSuffix: string): Promise<number>;
  /**
   * Kills those connections and keeps them (and any other newcomer) out: Redis takes no new
   * connection at its client limit. `admin` stays usable meanwhile; `letBackIn` lifts the limit.
   */
  killAndKeepOut(nameSuffix: string): Promise<{ killed: number; admin: Redis; letBackIn(): Promise<void> }>;
  /** Runs `use` on a connection of the test's own, closed afterwards. */
  withConnection<T>(use: (client: Redis) => Promise<T>): Promise<T>;
};

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The ids of the connections whose name ends with the suffix (CLIENT KILL has no name filter before Redis 8), and how many there are in all. */
async function clientIds(client: Redis, nameSuffix: string): Promise<{ ids: string[]; count: number }> {
  const clients = String(await client.call("CLIENT", "LIST"))
    .trim()
    .split("\n")
    .map((line) => Object.fromEntries(line.trim().split(" ").map((field) => field.split("=", 2) as [string, string])));
  return { ids: clients.flatMap((entry) => (entry.name?.endsWith(nameSuffix) && entry.id ? [entry.id] : [])), count: clients.length };
}

export async function createTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      // Listening, but is it ours? A redis-server that could not bind exits at once.
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (child.exitCode !== null) throw new Error(`redis-server could not start on port ${port} (exit ${child.exitCode}).`);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
    killConnections(nameSuffix) {
      return redis.withConnection(async (client) => {
        const { ids } = await clientIds(client, nameSuffix);
        for (const id of ids) await client.call("CLIENT", "KILL", "ID", id);
        return ids.length;
      });
    },
    async killAndKeepOut(nameSuffix) {
      const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await admin.connect();
      const limit = ((await admin.config("GET", "maxclients")) as string[])[1] ?? "10000";
      const { ids, count } = await clientIds(admin, nameSuffix);
      // In one transaction, so that nothing reconnects between the kill and the limit.
      const transaction = admin.multi();
      for (const id of ids) transaction.call("CLIENT", "KILL", "ID", id);
      await transaction.config("SET", "maxclients", String(count - ids.length)).exec();
      return {
        killed: ids.length,
        admin,
        async letBackIn() {
          await admin.config("SET", "maxclients", limit);
          admin.disconnect();
        },
      };
    },
    async withConnection(use) {
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        return await use(client);
      } finally {
        client.disconnect();
      }
    },
  };
  await redis.start();
  return redis;
}
