import { z } from "zod";
import { planFor, type TierPlan } from "@/lib/accounts/tiers";
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

type Answer = z.infer<typeof meResponseSchema>;

function rateLimitsView(plan: TierPlan, windows: WindowState[]): Answer["data"]["rate_limits"] {
  const windowView = (name: "minute" | "day") => {
    const state = windows.find((w) => w.window === name);
    const limit = name === "minute" ? plan.ratePerMinute : plan.ratePerDay;
    return { limit, remaining: state?.remaining ?? limit, resets_at: resetText(name, state?.resetMs ?? Date.now()) };
  };
  return { minute: windowView("minute"), day: windowView("day") };
}

/** What a key can see about itself: who it is, what it may do, and what remains of its limits. */
export function describeKey(principal: ApiKeyPrincipal, windows: WindowState[]): Answer {
  const plan = planFor(principal.tier);
  return {
    data: {
      id: principal.keyId,
      name: principal.name,
      key_preview: keyPreview(principal.lastFour),
      tier: principal.tier,
      scopes: principal.scopes,
      rate_limit_per_minute: plan.ratePerMinute,
      rate_limit_per_day: plan.ratePerDay,
      rate_limits: rateLimitsView(plan, windows),
    },
  };
}

// Everything in the answer but the windows is fixed for as long as the key's cache entry lives
// (a change to the key or its tier loads a new principal), so it is serialised once per load.
const fixedJson = new WeakMap<ApiKeyPrincipal, string>();

/**
 * The answer as JSON text, exactly JSON.stringify(describeKey(...)): the key's own fields are
 * serialised once per principal, and only `rate_limits`, the last field, on every request.
 */
export function describeKeyJson(principal: ApiKeyPrincipal, windows: WindowState[]): string {
  let fixed = fixedJson.get(principal);
  if (fixed === undefined) {
    const { rate_limits: _perRequest, ...rest } = describeKey(principal, windows).data;
    // `{"data":{...rest}}` without its closing `}}`, ready for `,"rate_limits":...}}`.
    fixed = JSON.stringify({ data: rest }).slice(0, -2);
    fixedJson.set(principal, fixed);
  }
  return `${fixed},"rate_limits":${JSON.stringify(rateLimitsView(planFor(principal.tier), windows))}}}`;
}
