import type { Metadata } from "next";
import { openApiDocument } from "@/lib/openapi/document";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

/** The served document (/api/v1/openapi.json), handed to the renderer with the page: no second fetch. */
export default function ApiReferencePage() {
  return (
    <article aria-label="API reference">
      <p className="mb-4 text-sm text-slate-600">
        Machine-readable:{" "}
        <a className="font-mono text-indigo-700 underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI 3.1)
      </p>
      <ApiReference document={openApiDocument()} />
    </article>
  );
}
