import { ApiError } from "@/lib/http/errors";
import { keyIdSchema } from "./schemas";

/** A malformed id answers exactly like an unknown one: 404, revealing nothing. */
export function keyIdParam(params: Record<string, string | string[]>): string {
  const parsed = keyIdSchema.safeParse(params.id);
  if (!parsed.success) throw new ApiError("not_found", "No such API key.");
  return parsed.data.toLowerCase();
}
