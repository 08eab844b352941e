// Talking to a running server the way a browser and the sign-in form do.
import { randomBytes } from "node:crypto";

export const GOOD_PASSWORD = "correct horse battery staple";

/** A fresh address per call, so tests never collide on the unique email. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(6).toString("hex")}@example.test`;
}

export type ApiOptions = { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; cookie?: string };

/**
 * fetch against baseUrl. Writes carry Origin = baseUrl and Sec-Fetch-Site: same-origin, as a
 * browser on the app's own page sends them; pass headers to override (or "" to omit one).
 */
export async function api(baseUrl: string, path: string, options: ApiOptions = {}): Promise<Response> {
  const method = options.method ?? (options.json !== undefined || options.body !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = {};
  if (method !== "GET" && method !== "HEAD") {
    headers.origin = baseUrl;
    headers["sec-fetch-site"] = "same-origin";
  }
  if (options.json !== undefined) headers["content-type"] = "application/json";
  if (options.cookie) headers.cookie = options.cookie;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === "") delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  return fetch(new URL(path, baseUrl), { method, headers, body, redirect: "manual" });
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Reads an error response and checks it has the one envelope shape. */
export async function errorEnvelope(response: Response): Promise<ErrorBody["error"]> {
  const body: unknown = await response.json();
  if (
    typeof body !== "object" || body === null || !("error" in body) ||
    typeof body.error !== "object" || body.error === null ||
    !("code" in body.error) || typeof body.error.code !== "string" ||
    !("message" in body.error) || typeof body.error.message !== "string"
  ) {
    throw new Error(`Not an error envelope: ${JSON.stringify(body)}`);
  }
  const keys = Object.keys(body).join(",");
  if (keys !== "error") throw new Error(`Error envelope with extra top-level keys: ${keys}`);
  return body.error as ErrorBody["error"];
}

export type SignedUpUser = { id: string; email: string; name: string | null; accountId: string; password: string };

export async function signUp(baseUrl: string, input: { email?: string; password?: string; name?: string } = {}): Promise<SignedUpUser> {
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? GOOD_PASSWORD;
  const response = await api(baseUrl, "/api/v1/signup", { json: { email, password, ...(input.name ? { name: input.name } : {}) } });
  if (response.status !== 201) throw new Error(`Sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  const { data } = (await response.json()) as { data: { id: string; email: string; name: string | null; account: { id: string } } };
  return { id: data.id, email: data.email, name: data.name, accountId: data.account.id, password };
}

export type SignInResult = { ok: boolean; status: number; cookie: string | null; setCookie: string[]; body: string };

/** The error code next-auth put in a failed sign-in's answer (`?error=otp_required`), or null. */
export function signInError(result: SignInResult): string | null {
  try {
    const { url } = JSON.parse(result.body) as { url?: string };
    return url ? new URL(url).searchParams.get("error") : null;
  } catch {
    return null;
  }
}

/** The sign-in form's two requests: a CSRF token, then the credentials callback. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  fields: Record<string, string> = {},
  provider = "credentials",
): Promise<SignInResult> {
  const csrf = await fetch(new URL("/api/auth/csrf", baseUrl));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiePairs(csrf.headers.getSetCookie());
  const form = new URLSearchParams({ csrfToken, email, password, ...fields, json: "true" });
  const response = await fetch(new URL(`/api/auth/callback/${provider}`, baseUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: baseUrl, ...headers },
    body: form,
    redirect: "manual",
  });
  const setCookie = response.headers.getSetCookie();
  const session = setCookie.find((line) => line.startsWith("next-auth.session-token="));
  const cookie = session ? session.split(";")[0] ?? null : null;
  return { ok: cookie !== null, status: response.status, cookie, setCookie, body: await response.text() };
}

export async function signUpAndSignIn(baseUrl: string, input: { email?: string; password?: string; name?: string } = {}) {
  const user = await signUp(baseUrl, input);
  const result = await signIn(baseUrl, user.email, user.password);
  if (!result.cookie) throw new Error(`Sign-in of ${user.email} failed with ${result.status}: ${result.body}`);
  return { user, cookie: result.cookie };
}

/** "a=1; Path=/; HttpOnly" lines as one Cookie header value. */
export function cookiePairs(setCookie: string[]): string {
  return setCookie.map((line) => line.split(";")[0]).join("; ");
}
