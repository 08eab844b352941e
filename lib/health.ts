import { db } from "@/lib/db";
import { ApiError, type ErrorEnvelope } from "@/lib/http/errors";

/** 200 { status: "ok" } when the database answers; 503 in the error envelope when it does not. */
export async function checkHealth(): Promise<{ status: number; body: { status: "ok" } | ErrorEnvelope }> {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return { status: 200, body: { status: "ok" } };
  } catch (error) {
    console.error(`[health] database unreachable: ${error instanceof Error ? error.message : String(error)}`);
    const failure = new ApiError("service_unavailable", "The database is unreachable.");
    return { status: failure.status, body: { error: { code: failure.code, message: failure.message } } };
  }
}
