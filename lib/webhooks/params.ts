import { ApiError } from "@/lib/http/errors";
import { webhookIdSchema } from "./schemas";

/** A malformed id answers exactly like an unknown one, or another account's: 404. */
export function webhookIdParam(params: Record<string, string | string[]>): string {
  const parsed = webhookIdSchema.safeParse(params.id);
  if (!parsed.success) throw new ApiError("not_found", "No such webhook endpoint.");
  return parsed.data.toLowerCase();
}

export function deliveryIdParam(params: Record<string, string | string[]>): string {
  const parsed = webhookIdSchema.safeParse(params.delivery_id);
  if (!parsed.success) throw new ApiError("not_found", "No such delivery.");
  return parsed.data.toLowerCase();
}
