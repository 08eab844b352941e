// GitHub's secret-scanning partner endpoint: a signed batch of tokens found in public, answered
// with GitHub's feedback format, one entry per token in the order they came.
import { createHash } from "node:crypto";
import { ApiError, validationError } from "@/lib/http/errors";
import { handleExposures, type Reporter } from "./exposure";
import { githubAlertsSchema, type GithubFeedback } from "./schemas";
import { assertSignedByGithub } from "./signature";

/** GitHub sends up to 1,000 matches per delivery (each a token, a type, a URL and a source). */
export const GITHUB_ALERT_MAX_BYTES = 1024 * 1024;

function parseAlerts(rawBody: Buffer) {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new ApiError("invalid_json", "The request body is not valid JSON.");
  }
  const parsed = githubAlertsSchema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Verifies, then parses, then acts: nothing is read or changed for a delivery GitHub did not sign. */
export async function receiveGithubAlerts(headers: Headers, rawBody: Buffer, reporter: Reporter): Promise<GithubFeedback> {
  await assertSignedByGithub(headers, rawBody);
  const alerts = parseAlerts(rawBody);
  const ours = await handleExposures(
    alerts.map((alert) => ({ token: alert.token, url: alert.url ?? null })),
    "github",
    reporter,
  );
  return alerts.map((alert) => ({
    token_hash: createHash("sha256").update(alert.token).digest("hex"),
    token_type: alert.type,
    label: ours.has(alert.token) ? "true_positive" : "false_positive",
  }));
}
