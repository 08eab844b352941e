import { ApiRequestError } from "@/lib/client/api";

/** A failed code request as the dialog shows it: under the field when the code was wrong, else above the buttons. */
export function codeFailure(failure: unknown, fallback: string): { field: string | null; form: string | null } {
  const message = failure instanceof Error ? failure.message : fallback;
  const fields = failure instanceof ApiRequestError ? (failure.details as { fields?: string[] } | undefined)?.fields : undefined;
  return fields?.includes("code") ? { field: message, form: null } : { field: null, form: message };
}
