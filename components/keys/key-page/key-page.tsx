"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import type { AuditEvent } from "@/lib/client/audit-events";
import { messageOf, rotateKey, type IssuedKey, type KeyListItem } from "@/lib/client/keys";
import type { KeyLink } from "@/lib/keys/page-data";
import type { KeyUsageReport } from "@/lib/usage/key-report";
import { Button } from "@/components/button";
import { ExposureBanners } from "../exposure-banners";
import { RevealKeyDialog, type RevealKeyHandle } from "../reveal-key-dialog";
import { RevokeKeyDialog } from "../revoke-key-dialog";
import { RotateKeyDialog, graceLabel } from "../rotate-key-dialog";
import { AllowedIpsEditor } from "./allowed-ips-editor";
import { KeyDetails } from "./key-details";
import { KeyHeader } from "./key-header";
import { KeyHistory } from "./key-history";
import { Section } from "./section";
import { SourceTable } from "./source-table";
import { UsageChart } from "./usage-chart";

/**
 * One key's page. Everything on it comes from the server render; after a change the page asks
 * the server again (router.refresh), so the details, the chart and the history stay one story.
 */
export function KeyPage({
  keyItem,
  usage,
  events,
  moreEvents,
  links,
  mayChange,
}: {
  keyItem: KeyListItem;
  usage: KeyUsageReport["data"];
  events: AuditEvent[];
  moreEvents: boolean;
  /** The keys a rotation links this one to. */
  links: { replaces: KeyLink | null; replacedBy: KeyLink | null };
  /** Whether the caller's role may rename, narrow, rotate or revoke this key. */
  mayChange: boolean;
}) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [dialog, setDialog] = useState<"revoke" | "rotate" | null>(null);
  const [replacement, setReplacement] = useState<KeyListItem | null>(null);
  const [replacing, setReplacing] = useState(false);
  const revealRef = useRef<RevealKeyHandle>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const handedToReveal = useRef(false);

  const reload = () => startRefresh(() => router.refresh());
  // A key that is revoked, expired or already replaced is history: it can no longer change.
  const changeable = mayChange && keyItem.status === "active" && keyItem.revoked_at === null;

  function open(which: "revoke" | "rotate", from: HTMLElement) {
    trigger.current = from;
    setDialog(which);
  }

  function restoreFocus(event: Event) {
    event.preventDefault();
    if (handedToReveal.current) {
      handedToReveal.current = false;
      return;
    }
    if (trigger.current?.isConnected) trigger.current.focus();
    else document.getElementById("key-heading")?.focus();
  }

  function onRevoked(key: KeyListItem) {
    setDialog(null);
    toast.success(`Revoked API key ${key.name}. Integrations using it no longer work.`);
    reload();
  }

  function onRotated(issued: IssuedKey, graceHours: number) {
    handedToReveal.current = true;
    setDialog(null);
    setReplacement(issued.key);
    const note = graceHours > 0 ? `The old key keeps working for ${graceLabel(graceHours)}. Update the integration before then.` : "The old key stopped working now.";
    revealRef.current?.show({ issued, title: "Save your rotated API key", note, returnFocusTo: trigger.current });
    toast.success(`Rotated API key ${issued.key.name}.`);
    reload();
  }

  /** The banner's one step for a key revoked for a leak, as on the list. */
  async function replaceLeaked(from: HTMLElement) {
    if (replacing) return;
    setReplacing(true);
    try {
      const issued = await rotateKey(keyItem.id, {});
      setReplacement(issued.key);
      const note = `Put it into the integration that used ${keyItem.name}. The exposed key stays revoked.`;
      revealRef.current?.show({ issued, title: "Save the replacement API key", note, returnFocusTo: from });
      toast.success(`Created a replacement for API key ${keyItem.name}.`);
      reload();
    } catch (error) {
      toast.error(`Could not replace ${keyItem.name}: ${messageOf(error)}`);
    } finally {
      setReplacing(false);
    }
  }

  return (
    <div className="space-y-6" aria-busy={refreshing}>
      <div className="flex items-center justify-between gap-2">
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href="/settings/api-keys" className="text-indigo-700 underline">
            ← API keys
          </Link>
        </nav>
        <Button variant="secondary" onClick={reload} disabled={refreshing} aria-label="Refresh this key's page">
          {refreshing ? "Refreshing…" : "Refresh"}
        </Button>
      </div>

      <KeyHeader keyItem={keyItem} changeable={changeable} mayChange={mayChange} onChanged={reload} onRevoke={(from) => open("revoke", from)} onRotate={(from) => open("rotate", from)} />

      {replacement ? null : (
        <ExposureBanners
          keys={[keyItem]}
          pendingId={replacing ? keyItem.id : null}
          onReplace={(_, from) => void replaceLeaked(from)}
          onRotate={(_, from) => open("rotate", from)}
        />
      )}

      <RotationNotes replacement={replacement} links={links} />

      <KeyDetails keyItem={keyItem} />

      <Section id="allowed-addresses" title="Allowed addresses" description="Where this key may be used from. A request from anywhere else is refused with 403 ip_not_allowed and counted below.">
        <AllowedIpsEditor key={JSON.stringify(keyItem.allowed_ips)} keyItem={keyItem} changeable={changeable} onSaved={reload} />
      </Section>

      <Section id="usage" title={`Last ${usage.days.length} days`} description="Requests served and refused per UTC day. Counts reach this page within a few seconds.">
        <UsageChart usage={usage} />
      </Section>

      <Section id="sources" title="Source addresses" description={`Where the key was used from in the last ${usage.days.length} days, most recent first.`}>
        <SourceTable sources={usage.sources} otherRequests={usage.other_source_requests} />
      </Section>

      <Section id="history" title="History" description="This key's audit events, newest first.">
        <KeyHistory events={events} more={moreEvents} />
      </Section>

      <RotateKeyDialog target={dialog === "rotate" ? keyItem : null} defaultGraceHours={keyItem.exposed_at ? 0 : undefined} onCancel={() => setDialog(null)} onRotated={onRotated} onCloseAutoFocus={restoreFocus} />
      <RevokeKeyDialog target={dialog === "revoke" ? keyItem : null} onCancel={() => setDialog(null)} onRevoked={onRevoked} onCloseAutoFocus={restoreFocus} />
      <RevealKeyDialog ref={revealRef} />
    </div>
  );
}

/** Where a rotation leads: the key just issued (after rotating here), the one that replaced this key, the one it replaced. */
function RotationNotes({ replacement, links }: { replacement: KeyListItem | null; links: { replaces: KeyLink | null; replacedBy: KeyLink | null } }) {
  const next = replacement ? { id: replacement.id, label: `Open the new key (${replacement.key_preview})` } : links.replacedBy ? { id: links.replacedBy.id, label: "Open the key that replaced it" } : null;
  if (!next && !links.replaces) return null;
  return (
    <div role="status" className="space-y-1 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="rotation-notes">
      {next ? (
        <p>
          Replaced by a rotation.{" "}
          <Link href={`/settings/api-keys/${next.id}`} className="font-medium underline">
            {next.label}
          </Link>
        </p>
      ) : null}
      {links.replaces ? (
        <p>
          Replaces an earlier key of the same name.{" "}
          <Link href={`/settings/api-keys/${links.replaces.id}`} className="font-medium underline">
            Open the key it replaced
          </Link>
          {" "}(its history has the rotation).
        </p>
      ) : null}
    </div>
  );
}
