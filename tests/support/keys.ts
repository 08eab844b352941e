// Keys through the public API, as the settings page and integrations use it.
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { expect } from "vitest";
import { api } from "./client";

export const KEY_FORMAT = /^sk_live_[0-9A-Za-z]{38}$/;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * What an attacker can mint from the public format alone: 32 base62 characters (random unless
 * given) and the CRC32 checksum over them, written here independently of the app's own code.
 */
export function forgedKey(randomPart?: string): string {
  let body = "sk_live_";
  if (randomPart !== undefined) body += randomPart;
  else for (const byte of randomBytes(32)) body += BASE62[byte % 62];
  let value = crc32(body) >>> 0;
  let checksum = "";
  for (let i = 0; i < 6; i++) {
    checksum = BASE62[value % 62] + checksum;
    value = Math.floor(value / 62);
  }
  return body + checksum;
}

export type KeyView = {
  id: string;
  name: string;
  key_preview: string;
  tier: "free" | "pro";
  scopes: string[];
  rate_limit_per_minute: number;
  rate_limit_per_day: number;
  total_requests: number;
  last_used_at: string | null;
  created_at: string;
  expires_at: string | null;
  status: "active" | "expired" | "revoked";
  revoked_at: string | null;
  allowed_ips: string[] | null;
  last_used_ip: string | null;
  last_used_user_agent: string | null;
};
export type CreatedKey = KeyView & { key: string; full_key: string };

export async function createKey(baseUrl: string, cookie: string, body: Record<string, unknown>): Promise<{ data: CreatedKey; meta: Record<string, unknown> }> {
  const response = await api(baseUrl, "/api/v1/keys", { json: body, cookie });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { data: CreatedKey; meta: Record<string, unknown> };
}

export async function listKeys(baseUrl: string, cookie: string, status = "all"): Promise<KeyView[]> {
  const response = await api(baseUrl, `/api/v1/keys?status=${status}`, { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: KeyView[] }).data;
}

/** The account's key and account events (sign-ins and other auth.* events left out), newest first. */
export async function auditEvents(baseUrl: string, cookie: string): Promise<{ action: string; key: { id: string; name: string } | null }[]> {
  const response = await api(baseUrl, "/api/v1/audit-events?limit=100&type=api_key,account", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { action: string; key: { id: string; name: string } | null }[] }).data;
}

/** A request with an API key, as an integration sends it. */
export function withKey(baseUrl: string, path: string, key: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${key}`, ...headers } });
}

/** Waits until the key's total_requests reaches `expected` (usage is flushed every 5 s). */
export async function waitForTotal(baseUrl: string, cookie: string, keyId: string, expected: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let total = -1;
  while (Date.now() < deadline) {
    total = (await listKeys(baseUrl, cookie)).find((key) => key.id === keyId)?.total_requests ?? -1;
    if (total >= expected) return total;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return total;
}

/**
 * npm run account:tier against the server's database, as an operator would. Asynchronous on
 * purpose: a blocked event loop would miss the server closing idle keep-alive sockets, and the
 * next fetch would land on a dead one.
 */
export async function setTier(databaseUrl: string, email: string, tier: "free" | "pro"): Promise<void> {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "account:tier", "--", email, tier], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  expect(stdout).toContain(`now on the ${tier} tier`);
}
