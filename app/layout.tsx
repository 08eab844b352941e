import type { Metadata } from "next";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "API keys · SOC Platform", template: "%s · SOC Platform" },
  description: "Create, rotate and revoke API keys for your security integrations.",
};

// Every page is rendered per request: the Content-Security-Policy (proxy.ts) admits scripts by a
// per-request nonce, which Next can only put on a page it renders for that request. A page
// prerendered at build time would carry no nonce and its scripts would be refused.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {children}
        <Toaster position="top-right" richColors closeButton />
      </body>
    </html>
  );
}
