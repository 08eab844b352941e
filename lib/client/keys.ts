// The settings page's way to the keys API. Responses are checked against the API's own
// schemas, so a change of shape shows as a readable error instead of a broken table.
import { z } from "zod";
import {
  createdKeyResponseSchema,
  keyListResponseSchema,
  keyResponseSchema,
  type ApiKeyView,
  type CreateKeyRequest,
  type RotateKeyRequest,
  type UpdateKeyRequest,
} from "@/lib/keys/schemas";
import { ApiRequestError, apiFetch } from "./api";

/** A key as the list shows it; daily_requests (last 14 UTC days, oldest first) only on session listings. */
export type KeyListItem = ApiKeyView;

/** What the reveal dialog needs, and nothing else: the secret lives only there. */
export type IssuedKey = {
  secret: string;
  warning: string;
  nameWarning: string | null;
  key: KeyListItem;
};

export function expectShape<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiRequestError(200, "unexpected_response", "The server answered in a shape this page does not understand. Reload the page and try again.");
  }
  return parsed.data;
}

/** Every key of the account (active, expired, revoked), newest first; the page filters by status. */
export async function listKeys(): Promise<KeyListItem[]> {
  return expectShape(keyListResponseSchema, await apiFetch<unknown>("/api/v1/keys?status=all")).data;
}

function toIssuedKey(payload: unknown): IssuedKey {
  const { data, meta } = expectShape(createdKeyResponseSchema, payload);
  const { key: secret, full_key: _sameSecret, ...key } = data;
  return { secret, warning: meta.warning, nameWarning: meta.name_warning ?? null, key };
}

export async function createKey(body: CreateKeyRequest): Promise<IssuedKey> {
  return toIssuedKey(await apiFetch<unknown>("/api/v1/keys", { method: "POST", body }));
}

export async function rotateKey(id: string, body: RotateKeyRequest): Promise<IssuedKey> {
  return toIssuedKey(await apiFetch<unknown>(`/api/v1/keys/${encodeURIComponent(id)}/rotate`, { method: "POST", body }));
}

export async function revokeKey(id: string): Promise<KeyListItem> {
  return expectShape(keyResponseSchema, await apiFetch<unknown>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: "DELETE" })).data;
}

/** Renames a key or changes where it may be used from (PATCH); the key as it now is. */
export async function updateKey(id: string, body: UpdateKeyRequest): Promise<KeyListItem> {
  return expectShape(keyResponseSchema, await apiFetch<unknown>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: "PATCH", body })).data;
}

/** Field-level messages from a 400 invalid_request's details.issues, keyed by the first path segment. */
export function fieldErrorsFrom(error: unknown): Record<string, string> {
  if (!(error instanceof ApiRequestError) || error.code !== "invalid_request") return {};
  const details = z
    .object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) })
    .safeParse(error.details);
  if (!details.success) return {};
  const fields: Record<string, string> = {};
  for (const issue of details.data.issues) {
    const field = issue.path.split(".")[0] || "(root)";
    fields[field] ??= issue.message;
  }
  return fields;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

/**
 * Messages about single entries of a list field, by index: the issues whose path is
 * "<field>.<index>" (the server's 400 details) or [field, index] (the same schema run in the
 * browser). Messages about the whole list (too many entries) come under -1.
 */
export function entryErrorsFrom(error: unknown, field: string): Map<number, string> {
  const entries = new Map<number, string>();
  let issues: { path: string; message: string }[] = [];
  if (error instanceof z.ZodError) {
    issues = error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  } else if (error instanceof ApiRequestError && error.code === "invalid_request") {
    const details = z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) }).safeParse(error.details);
    if (details.success) issues = details.data.issues;
  }
  for (const issue of issues) {
    const [head, index] = issue.path.split(".");
    if (head !== field) continue;
    const position = index !== undefined && /^\d+$/.test(index) ? Number(index) : -1;
    if (!entries.has(position)) entries.set(position, issue.message);
  }
  return entries;
}
