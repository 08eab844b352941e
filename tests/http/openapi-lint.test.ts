// The document the server serves passes `redocly lint` (recommended rules, redocly.yaml) with no
// errors, and with no warnings but the ones README "API reference" justifies.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const ROOT = path.resolve(import.meta.dirname, "../..");
const folder = mkdtempSync(path.join(tmpdir(), "soc-openapi-lint-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The justified warnings, as "rule at JSON pointer". Health and the document itself take no
 * credentials, no parameters and no body, so there is no 4xx they could answer (README).
 */
const JUSTIFIED_WARNINGS = [
  "operation-4xx-response at #/paths/~1api~1health/get/responses",
  "operation-4xx-response at #/paths/~1api~1v1~1openapi.json/get/responses",
];

type LintReport = {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: "error" | "warn"; message: string; location: { pointer: string }[] }[];
};

describe("redocly lint of /api/v1/openapi.json", () => {
  it("has no errors and only the justified warnings", { timeout: 120_000 }, async () => {
    const response = await fetch(new URL("/api/v1/openapi.json", baseUrl));
    expect(response.status).toBe(200);
    const file = path.join(folder, "openapi.json");
    writeFileSync(file, await response.text());

    // lint exits 1 when it finds errors; the report on stdout is what is judged either way.
    const stdout = await promisify(execFile)(
      path.join(ROOT, "node_modules/.bin/redocly"),
      ["lint", file, "--config", path.join(ROOT, "redocly.yaml"), "--format", "json"],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
    ).then(
      (result) => result.stdout,
      (error: { stdout?: string }) => error.stdout ?? "",
    );
    const report = JSON.parse(stdout) as LintReport;
    const described = (severity: "error" | "warn") =>
      report.problems.filter((problem) => problem.severity === severity).map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}`);

    expect(described("error"), JSON.stringify(report.problems, null, 2)).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(described("warn").sort()).toEqual([...JUSTIFIED_WARNINGS].sort());
  });
});
