// One key's usage over the last days: requests served and refused by reason per UTC day, and
// the addresses it was used from. For the key page and GET /api/v1/keys/{id}/usage.
import { z } from "zod";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { keyPreview } from "@/lib/keys/secret";
import { lastDays } from "./read";

export const KEY_USAGE_DAYS = 30;
/** Source addresses in one answer, most recently seen first. */
export const MAX_REPORTED_SOURCES = 500;

export const keyUsageQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(KEY_USAGE_DAYS).describe("UTC days to report, ending today (1 to 90)."),
});

const refusalsSchema = z.object({
  rate_limited: z.number().int(),
  ip_not_allowed: z.number().int(),
  insufficient_scope: z.number().int(),
});

export const keyUsageResponseSchema = z.object({
  data: z.object({
    key_id: z.uuid(),
    name: z.string(),
    key_preview: z.string(),
    days: z.array(z.object({ date: z.string(), requests: z.number().int(), refusals: refusalsSchema })).describe("Oldest first, every day included."),
    totals: z.object({ requests: z.number().int(), refusals: refusalsSchema }),
    sources: z
      .array(
        z.object({
          address: z.string().describe('The client address, or "unknown" when the server could not tell.'),
          first_seen_at: z.iso.datetime(),
          last_seen_at: z.iso.datetime(),
          requests: z.number().int().describe("Uses from this address in the period, served or refused."),
        }),
      )
      .describe(`Addresses the key was used from, most recent first (at most ${MAX_REPORTED_SOURCES}; at most 100 are kept per day).`),
    other_source_requests: z.number().int().describe("Uses from addresses beyond the 100 kept per day."),
  }),
  meta: z.object({ days: z.number().int(), from: z.string(), to: z.string() }),
});
export type KeyUsageReport = z.infer<typeof keyUsageResponseSchema>;

const num = (value: bigint | null | undefined) => Number(value ?? 0n);

/** The report for one key of the account; another account's key is not found. */
export async function keyUsageReport(accountId: string, keyId: string, days: number = KEY_USAGE_DAYS, nowMs: number = Date.now()): Promise<KeyUsageReport> {
  const key = await db().apiKey.findFirst({ where: { id: keyId, accountId }, select: { id: true, name: true, lastFour: true } });
  if (!key) throw new ApiError("not_found", "No such API key.");
  const window = lastDays(days, nowMs);
  const from = window[0] as string;
  const [dayRows, sourceRows] = await Promise.all([
    db().apiKeyUsageDay.findMany({ where: { keyId, day: { gte: from } } }),
    db().apiKeySourceDay.groupBy({
      by: ["address"],
      where: { keyId, day: { gte: from } },
      _min: { firstSeenMs: true },
      _max: { lastSeenMs: true },
      _sum: { requests: true },
    }),
  ]);
  const byDay = new Map(dayRows.map((row) => [row.day, row]));
  const series = window.map((date) => {
    const row = byDay.get(date);
    return {
      date,
      requests: num(row?.requests),
      refusals: { rate_limited: num(row?.rateLimited), ip_not_allowed: num(row?.ipNotAllowed), insufficient_scope: num(row?.insufficientScope) },
    };
  });
  const sum = (pick: (day: (typeof series)[number]) => number) => series.reduce((total, day) => total + pick(day), 0);
  const sources = sourceRows
    .map((row) => ({
      address: row.address,
      first_seen_at: new Date(num(row._min.firstSeenMs)).toISOString(),
      last_seen_at: new Date(num(row._max.lastSeenMs)).toISOString(),
      requests: num(row._sum.requests),
    }))
    .sort((a, b) => b.last_seen_at.localeCompare(a.last_seen_at) || b.requests - a.requests)
    .slice(0, MAX_REPORTED_SOURCES);
  return keyUsageResponseSchema.parse({
    data: {
      key_id: key.id,
      name: key.name,
      key_preview: keyPreview(key.lastFour),
      days: series,
      totals: {
        requests: sum((day) => day.requests),
        refusals: {
          rate_limited: sum((day) => day.refusals.rate_limited),
          ip_not_allowed: sum((day) => day.refusals.ip_not_allowed),
          insufficient_scope: sum((day) => day.refusals.insufficient_scope),
        },
      },
      sources,
      other_source_requests: dayRows.reduce((total, row) => total + num(row.otherSourceRequests), 0),
    },
    meta: { days, from, to: window.at(-1) },
  });
}
