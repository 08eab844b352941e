import type { Metadata } from "next";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference" };

type Operation = {
  summary?: string;
  description?: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const METHOD_STYLE: Record<string, string> = {
  get: "bg-emerald-100 text-emerald-800",
  post: "bg-indigo-100 text-indigo-800",
  delete: "bg-red-100 text-red-800",
};

function SchemaBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="mt-2 rounded-md border border-slate-200 bg-slate-50">
      <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium text-slate-700">{label}</summary>
      <pre className="overflow-x-auto px-3 pb-3 font-mono text-xs text-slate-800">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export default function ApiReferencePage() {
  const document = openApiDocument();
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return (
    <article className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{document.info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable:{" "}
          <a className="font-mono text-indigo-700 underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI {document.openapi})
        </p>
      </header>
      {Object.entries(paths).flatMap(([path, item]) =>
        METHODS.filter((method) => item[method]).map((method) => {
          const operation = item[method] as Operation;
          const parameters = [...((item.parameters as Operation["parameters"]) ?? []), ...(operation.parameters ?? [])];
          return (
            <section key={`${method} ${path}`} aria-labelledby={`${method}-${path}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 id={`${method}-${path}`} className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_STYLE[method] ?? "bg-slate-100"}`}>{method}</span>
                <code className="font-mono text-sm">{path}</code>
                <span className="text-sm text-slate-600">{operation.summary}</span>
              </h2>
              {operation.description ? <p className="mt-2 text-sm text-slate-700">{operation.description}</p> : null}
              <p className="mt-2 text-xs text-slate-500">
                Auth: {operation.security?.map((s) => Object.keys(s).join(", ")).join(" or ") || "none"}
              </p>
              {parameters.length > 0 ? (
                <ul className="mt-2 text-sm">
                  {parameters.map((parameter) => (
                    <li key={parameter.name}>
                      <code className="font-mono">{parameter.name}</code> <span className="text-slate-500">({parameter.in}{parameter.required ? ", required" : ""})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {operation.requestBody ? <SchemaBlock label="Request body" value={operation.requestBody.content["application/json"]?.schema} /> : null}
              {Object.entries(operation.responses).map(([status, response]) => (
                <SchemaBlock key={status} label={`${status} ${response.description}`} value={response.content?.["application/json"]?.schema ?? null} />
              ))}
            </section>
          );
        }),
      )}
    </article>
  );
}
