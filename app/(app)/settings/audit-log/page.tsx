import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { requirePrincipal } from "@/lib/auth/require-principal";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  await requirePrincipal("/settings/audit-log");
  return <AuditLog />;
}
