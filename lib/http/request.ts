// Reading requests safely: size cap, JSON-only bodies, cross-site write refusal.
import type { z } from "zod";
import { clientAddressFrom } from "./client-address.mjs";
import { ApiError, validationError } from "./errors";

export const MAX_BODY_BYTES = 16 * 1024;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a cookie-authenticated write that a browser sent from another site. Browsers send
 * Origin on every cross-origin write and Sec-Fetch-Site on all requests; clients that are not
 * browsers send neither and cannot be driven by another site.
 */
export function assertSameSite(request: Request): void {
  if (!WRITE_METHODS.has(request.method)) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new ApiError("cross_site_request", "Cross-site requests are not allowed. Call this API from the app itself or with an API key.");
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin === "null" || !allowedOrigins(request).has(origin)) {
    throw new ApiError("cross_site_request", "Cross-site requests are not allowed. Call this API from the app itself or with an API key.");
  }
}

function allowedOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    origins.add(`${proto}://${host}`);
  }
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      origins.add(new URL(configured).origin);
    } catch {
      // An invalid NEXTAUTH_URL is reported by next-auth itself.
    }
  }
  return origins;
}

/**
 * Reads at most maxBytes of the body; larger bodies are refused without buffering them. The cap is
 * MAX_BODY_BYTES unless a route needs more (GitHub's secret-scanning alerts: up to 1 MB).
 */
export async function readBodyBytes(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readBodyText(request: Request): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBodyBytes(request));
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("payload_too_large", `Request bodies are limited to ${maxBytes / 1024} KB.`);
}

/**
 * Parses a JSON body against a schema. An empty body parses as `{}` so endpoints whose fields are
 * all optional can be called without one; any other body must be declared application/json.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(request);
  let value: unknown = {};
  const contentType = request.headers.get("content-type");
  if (text.trim() !== "" || contentType !== null) {
    if (!isJson(contentType)) {
      throw new ApiError("unsupported_media_type", "Request bodies must be JSON, sent with Content-Type: application/json.");
    }
    if (text.trim() !== "") {
      try {
        value = JSON.parse(text);
      } catch {
        throw new ApiError("invalid_json", "The request body is not valid JSON.");
      }
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, "query string");
  return parsed.data;
}

/**
 * The caller's address, for audit events and throttles: decided once per request by the server
 * from the socket and TRUST_PROXY_HOPS (lib/http/client-address.mjs), never from what the client says.
 */
export function clientIp(request: Request): string | null {
  return clientAddressFrom(request.headers);
}
