import { expect, inject, it } from "vitest";
import { api } from "../support/client";

const baseUrl = inject("baseUrl");

it("GET /api/health answers 200 { status: ok } and is never cached", async () => {
  const response = await api(baseUrl, "/api/health");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-powered-by")).toBeNull();
});
