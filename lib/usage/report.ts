import { z } from "zod";
import { db } from "@/lib/db";
import { keyPreview } from "@/lib/keys/secret";
import { dailyRequests, lastDays } from "./read";

export const USAGE_DAYS = 30;

export const usageResponseSchema = z.object({
  data: z.array(
    z.object({
      key_id: z.uuid(),
      name: z.string(),
      key_preview: z.string(),
      total: z.number().int(),
      days: z.array(z.object({ date: z.string(), requests: z.number().int() })),
    }),
  ),
  meta: z.object({ days: z.number().int(), from: z.string(), to: z.string() }),
});

/** Requests per key per UTC day over the last 30 days, for every key of the account. */
export async function usageReport(accountId: string): Promise<z.infer<typeof usageResponseSchema>> {
  const keys = await db().apiKey.findMany({ where: { accountId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, name: true, lastFour: true } });
  const daily = await dailyRequests(keys.map((key) => key.id), USAGE_DAYS);
  const data = keys.map((key) => {
    const days = (daily.get(key.id) ?? []).map(({ day, requests }) => ({ date: day, requests }));
    return { key_id: key.id, name: key.name, key_preview: keyPreview(key.lastFour), total: days.reduce((sum, d) => sum + d.requests, 0), days };
  });
  const window = lastDays(USAGE_DAYS);
  return usageResponseSchema.parse({ data, meta: { days: USAGE_DAYS, from: window[0], to: window.at(-1) } });
}
