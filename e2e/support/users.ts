// The user the setup project signs in once per run, shared with the specs through a file.
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { GOOD_PASSWORD, uniqueEmail } from "../../tests/support/client";

export const AUTH_DIR = path.join(import.meta.dirname, "..", ".auth");
export const STORAGE_STATE = path.join(AUTH_DIR, "user.json");
export const USER_FILE = path.join(AUTH_DIR, "user-credentials.json");
export const PASSWORD = GOOD_PASSWORD;
export { uniqueEmail };

/** Creates an account through the API, as the sign-up form would. */
export async function createUser(request: APIRequestContext, baseURL: string, label: string) {
  const email = uniqueEmail(label);
  const response = await request.post("/api/v1/signup", {
    data: { email, password: PASSWORD },
    headers: { origin: baseURL },
  });
  if (response.status() !== 201) throw new Error(`Sign-up of ${email} answered ${response.status()}: ${await response.text()}`);
  return { email, password: PASSWORD };
}
