import { z } from "zod";
import { planFor } from "@/lib/accounts/tiers";
import type { ApiKeyPrincipal } from "@/lib/http/api-key-route";
import type { WindowState } from "@/lib/ratelimit/key-limits";
import { keyPreview } from "./secret";

const windowSchema = z.object({ limit: z.number().int(), remaining: z.number().int(), resets_at: z.iso.datetime() });

export const meResponseSchema = z.object({
  data: z.object({
    id: z.uuid(),
    name: z.string(),
    key_preview: z.string(),
    tier: z.enum(["free", "pro"]),
    scopes: z.array(z.string()),
    rate_limit_per_minute: z.number().int(),
    rate_limit_per_day: z.number().int(),
    rate_limits: z.object({ minute: windowSchema, day: windowSchema }),
  }),
});

// A window's reset instant is the same for every request until it resets, and formatting a date
// costs more than the rest of the answer: each window keeps its last instant's text.
const lastResetText: Record<"minute" | "day", { ms: number; text: string }> = { minute: { ms: Number.NaN, text: "" }, day: { ms: Number.NaN, text: "" } };

function resetText(window: "minute" | "day", ms: number): string {
  const last = lastResetText[window];
  if (last.ms !== ms) {
    last.text = new Date(ms).toISOString();
    last.ms = ms;
  }
  return last.text;
}

/** What a key can see about itself: who it is, what it may do, and what remains of its limits. */
export function describeKey(principal: ApiKeyPrincipal, windows: WindowState[]): z.infer<typeof meResponseSchema> {
  const plan = planFor(principal.tier);
  const windowView = (name: "minute" | "day") => {
    const state = windows.find((w) => w.window === name);
    const limit = name === "minute" ? plan.ratePerMinute : plan.ratePerDay;
    return { limit, remaining: state?.remaining ?? limit, resets_at: resetText(name, state?.resetMs ?? Date.now()) };
  };
  return {
    data: {
      id: principal.keyId,
      name: principal.name,
      key_preview: keyPreview(principal.lastFour),
      tier: principal.tier,
      scopes: principal.scopes,
      rate_limit_per_minute: plan.ratePerMinute,
      rate_limit_per_day: plan.ratePerDay,
      rate_limits: { minute: windowView("minute"), day: windowView("day") },
    },
  };
}
