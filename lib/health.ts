import { db } from "@/lib/db";
import { ApiError, type ErrorEnvelope } from "@/lib/http/errors";
import { redis } from "@/lib/redis/client";

type HealthBody = { status: "ok" } | { status: "degraded"; degraded: string[]; message: string } | ErrorEnvelope;

async function redisAnswers(): Promise<boolean> {
  const client = redis();
  if (!client) return true;
  try {
    await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 500).unref())]);
    return true;
  } catch {
    return false;
  }
}

/**
 * 200 { status: "ok" } when the database (and Redis, when configured) answers; 200 "degraded"
 * naming Redis when only Redis is away (the API still serves, with per-instance limits);
 * 503 in the error envelope when the database is unreachable.
 */
export async function checkHealth(): Promise<{ status: number; body: HealthBody }> {
  const [database, redisUp] = await Promise.all([
    db()
      .$queryRawUnsafe("SELECT 1")
      .then(() => null)
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error))),
    redisAnswers(),
  ]);
  if (database !== null) {
    console.error(`[health] database unreachable: ${database}`);
    const failure = new ApiError("service_unavailable", "The database is unreachable.");
    return { status: failure.status, body: { error: { code: failure.code, message: failure.message } } };
  }
  if (!redisUp) {
    return {
      status: 200,
      body: {
        status: "degraded",
        degraded: ["redis"],
        message: "Redis is unreachable: rate limits are enforced per instance and cached keys are re-checked against the database every second until it returns.",
      },
    };
  }
  return { status: 200, body: { status: "ok" } };
}
