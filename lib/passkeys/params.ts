import { z } from "zod";
import { ApiError } from "@/lib/http/errors";

/** A malformed id answers exactly like an unknown one, or another user's: 404. */
export function passkeyIdParam(params: Record<string, string | string[]>): string {
  const parsed = z.uuid().safeParse(params.id);
  if (!parsed.success) throw new ApiError("not_found", "No such passkey.");
  return parsed.data.toLowerCase();
}
