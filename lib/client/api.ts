// The browser's way to the API: plain fetch with the session cookie, errors from the envelope in words.
// A sensitive change refused for want of a recent proof of identity is confirmed in a dialog and
// sent once more (lib/client/reauth.ts), so no form has to know about sudo mode.
import { requestReauth } from "./reauth";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; retryAfterReauth?: boolean } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      credentials: "include",
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (response.status === 403 && error?.code === "reauthentication_required" && init.retryAfterReauth !== false && (await requestReauth())) {
      return apiFetch<T>(path, { ...init, retryAfterReauth: false });
    }
    throw new ApiRequestError(
      response.status,
      error?.code ?? "unknown_error",
      error?.message ?? `The server answered ${response.status}.`,
      error?.details,
    );
  }
  return payload as T;
}
