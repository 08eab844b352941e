import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { KeyPage } from "@/components/keys/key-page/key-page";
import { listAuditEvents } from "@/lib/audit/list";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { ApiError } from "@/lib/http/errors";
import { keyIdSchema } from "@/lib/keys/schemas";
import { rotationLinks } from "@/lib/keys/page-data";
import { getKey } from "@/lib/keys/service";
import { can } from "@/lib/permissions/table";
import { presentKey } from "@/lib/keys/view";
import { keyUsageReport } from "@/lib/usage/key-report";

export const metadata: Metadata = { title: "API key" };

/** The newest events of the key shown on its page; the audit log has the rest. */
const HISTORY_EVENTS = 50;

export default async function ApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = keyIdSchema.safeParse((await params).id);
  const id = parsed.success ? parsed.data.toLowerCase() : null;
  const principal = await requirePrincipal(id ? `/settings/api-keys/${id}` : "/settings/api-keys");
  // A malformed id, an unknown one and another account's key all end the same way: nothing to
  // tell them apart, as the API's 404 does.
  if (!id) notFound();
  const found = await getKey(principal.accountId, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") return null;
    throw error;
  });
  if (!found) notFound();
  const [key, usage, history, links] = await Promise.all([
    presentKey(found.key, found.tier),
    keyUsageReport(principal.accountId, id),
    listAuditEvents(principal.accountId, { key_id: id, limit: HISTORY_EVENTS }),
    rotationLinks(principal.accountId, id, found.key.replacedById),
  ]);
  const mayChange = can(principal.role, "keys:manage") || (can(principal.role, "keys:manage_own") && found.key.createdById === principal.userId);
  return <KeyPage keyItem={key} usage={usage.data} events={history.data} moreEvents={history.meta.next_cursor !== null} links={links} mayChange={mayChange} />;
}
