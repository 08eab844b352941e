// The leak loop's request and response shapes: GitHub's secret-scanning partner format (alerts in,
// feedback out), public reports, and the account's leak policy.
import { z } from "zod";

export const LEAK_POLICIES = ["revoke", "notify"] as const;
export type LeakPolicy = (typeof LEAK_POLICIES)[number];
export const EXPOSURE_SOURCES = ["github", "report"] as const;
export type ExposureSource = (typeof EXPOSURE_SOURCES)[number];

export function asLeakPolicy(stored: string): LeakPolicy {
  return stored === "notify" ? "notify" : "revoke";
}

/**
 * One match GitHub found in public: the token, the pattern's type name, where it was found and in
 * what (content, commit, issue_comment, ...). Not strict: GitHub may add fields, and a delivery
 * must not fail because of one. url and source are optional for the same reason.
 */
export const githubAlertSchema = z.object({
  token: z.string().max(4096),
  type: z.string().max(200),
  url: z.string().max(4096).nullable().optional(),
  source: z.string().max(200).nullable().optional(),
});
/** At least GitHub's 1,000 matches per delivery; the body cap (1 MB) bounds it first. */
export const githubAlertsSchema = z.array(githubAlertSchema).max(10_000);
export type GithubAlert = z.infer<typeof githubAlertSchema>;

export const TOKEN_LABELS = ["true_positive", "false_positive"] as const;
export const githubFeedbackSchema = z.array(
  z.object({
    token_hash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the token, hex."),
    token_type: z.string().describe("The type GitHub sent with the token."),
    label: z.enum(TOKEN_LABELS).describe("true_positive: one of our keys (live or not); false_positive: not one of ours."),
  }),
);
export type GithubFeedback = z.infer<typeof githubFeedbackSchema>;

export const reportLeakRequestSchema = z.strictObject({
  keys: z
    .array(z.string().max(512))
    .min(1, "keys must hold at least one key.")
    .max(100, "keys holds at most 100 keys per report.")
    .describe("Keys found in public. Anything may be sent: the answer is the same whatever they are."),
});
export type ReportLeakRequest = z.infer<typeof reportLeakRequestSchema>;

export const REPORT_ACCEPTED_MESSAGE =
  "Thank you. Reported keys that are ours are handled at once according to their owner's leak policy. The answer is the same whatever was sent.";
export const reportLeakResponseSchema = z.object({ data: z.object({ status: z.literal("received"), message: z.literal(REPORT_ACCEPTED_MESSAGE) }) });
/** Built once: every report gets these very bytes, so the answer says nothing about the keys. */
export const REPORT_ACCEPTED_BODY = JSON.stringify({ data: { status: "received", message: REPORT_ACCEPTED_MESSAGE } });

export const leakPolicySchema = z.object({
  policy: z
    .enum(LEAK_POLICIES)
    .describe("revoke (default): a key found in public is revoked at once, everywhere. notify: it keeps working, flagged with exposed_at."),
});
export const updateLeakPolicyRequestSchema = z.strictObject({ policy: leakPolicySchema.shape.policy });
export const leakPolicyResponseSchema = z.object({ data: leakPolicySchema });
