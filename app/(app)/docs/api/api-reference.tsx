"use client";
// The API reference, drawn by Scalar's renderer from the document the server serves. It is
// bundled with the app and told to reach nothing outside it: no web fonts, no telemetry, no
// agent, no request proxy, no document registry (deployments may have no outbound network, and
// the page's Content-Security-Policy allows only this origin).
import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";
import { useMemo } from "react";

// Scalar can only be told which clients to hide: every language it knows but shell and js, and
// within those every client but curl and fetch, so each operation shows exactly those two
// request examples (e2e/api-docs.spec.ts checks that no other appears).
const HIDDEN_CLIENTS = {
  ...Object.fromEntries(
    ["c", "clojure", "csharp", "dart", "fsharp", "go", "http", "java", "julia", "kotlin", "node", "objc", "ocaml", "php", "powershell", "python", "r", "ruby", "rust", "swift"].map(
      (target) => [target, true],
    ),
  ),
  shell: ["httpie", "wget"],
  js: ["axios", "jquery", "ofetch", "xhr"],
};

export function ApiReference({ document }: { document: Record<string, unknown> }) {
  const configuration = useMemo(
    () => ({
      content: document,
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      hiddenClients: HIDDEN_CLIENTS,
      defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
      // Requests go straight to this origin, never through Scalar's hosted proxy.
      proxyUrl: "",
      externalUrls: { dashboardUrl: "", registryUrl: "", proxyUrl: "", apiBaseUrl: "" },
      documentDownloadType: "json",
      showDeveloperTools: "never",
      hideDarkModeToggle: true,
      forceDarkModeState: "light",
      showSidebar: true,
      layout: "modern",
    }),
    [document],
  );
  return (
    <div className="scalar-reference -mx-4">
      <ApiReferenceReact configuration={configuration as Parameters<typeof ApiReferenceReact>[0]["configuration"]} />
    </div>
  );
}
