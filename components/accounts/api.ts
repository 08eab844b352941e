// The user's accounts, for the header switcher and the /accounts picker (user routes: they work
// even when the session's current account was taken away).
import { z } from "zod";
import { apiFetch } from "@/lib/client/api";
import { expectShape } from "@/lib/client/keys";
import { accountChoiceSchema, type AccountChoice } from "@/lib/members/schemas";

export type { AccountChoice };
const accountSchema = accountChoiceSchema;

export async function listAccounts(): Promise<AccountChoice[]> {
  return expectShape(z.object({ data: z.array(accountSchema) }), await apiFetch<unknown>("/api/v1/accounts")).data;
}

/** Makes the account the session's current one; the account as the session now sees it. */
export async function switchAccount(accountId: string): Promise<AccountChoice> {
  const payload = await apiFetch<unknown>("/api/v1/accounts/current", { method: "POST", body: { account_id: accountId } });
  return expectShape(z.object({ data: accountSchema }), payload).data;
}

/** Where a switch lands: a page every role may read. */
export const AFTER_SWITCH_PATH = "/settings/api-keys";
