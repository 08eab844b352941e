"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import type { Tier, TierPlan } from "@/lib/accounts/tiers";
import { absoluteTime, formatCount } from "@/lib/client/format";
import { listKeys, messageOf, rotateKey, type IssuedKey, type KeyListItem } from "@/lib/client/keys";
import type { ScopeChoice } from "@/lib/keys/scope-choices";
import { CreateKeyDialog } from "./create-key-dialog";
import { EmptyState } from "./empty-state";
import { ExposureBanners } from "./exposure-banners";
import { KeyList } from "./key-list";
import { RevealKeyDialog, type RevealKeyHandle } from "./reveal-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RotateKeyDialog, graceLabel } from "./rotate-key-dialog";
import { StatusFilter, filterCounts, matchesFilter, type StatusFilterValue } from "./status-filter";

export type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; keys: KeyListItem[] };

export function ApiKeysConsole({
  email,
  tier,
  plan,
  scopeChoices,
  initial,
}: {
  email: string;
  tier: Tier;
  plan: TierPlan;
  scopeChoices: ScopeChoice[];
  /** The list as the server rendered it, so the first paint (and a reload) shows the keys. */
  initial: Loaded;
}) {
  const [loaded, setLoaded] = useState<Loaded>(initial);
  const [refreshing, setRefreshing] = useState(false);
  const [filter, setFilter] = useState<StatusFilterValue>("active");
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<KeyListItem | null>(null);
  const [rotating, setRotating] = useState<KeyListItem | null>(null);
  const [replacingId, setReplacingId] = useState<string | null>(null);
  const revealRef = useRef<RevealKeyHandle>(null);
  // The control that opened the current dialog, so focus can go back there (or to the heading if it is gone).
  const flowTrigger = useRef<HTMLElement | null>(null);
  // Set when a create or rotate succeeds: the reveal dialog takes focus over, and returns it when it closes.
  const handedToReveal = useRef(false);
  const requestSeq = useRef(0);

  const refresh = useCallback(async () => {
    const seq = ++requestSeq.current;
    setRefreshing(true);
    try {
      const keys = await listKeys();
      if (seq === requestSeq.current) setLoaded({ state: "ready", keys });
    } catch (error) {
      if (seq !== requestSeq.current) return;
      // Keep showing the last good list on a failed refresh; say so instead.
      setLoaded((current) => (current.state === "ready" ? current : { state: "failed", message: messageOf(error) }));
      toast.error(`Could not load API keys: ${messageOf(error)}`);
    } finally {
      if (seq === requestSeq.current) setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    // The server's list may be older than this mount: going back to the page shows the router's
    // cached render, which misses a rename or a new allowlist made meanwhile. One quiet refetch.
    void refresh();
    // Keys created elsewhere (another tab, the API from the console, a teammate) appear when you come back.
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    window.addEventListener("focus", onVisible);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("focus", onVisible);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh]);

  const restoreFocus = useCallback((event: Event) => {
    event.preventDefault();
    if (handedToReveal.current) {
      handedToReveal.current = false;
      return;
    }
    const target = flowTrigger.current;
    flowTrigger.current = null;
    if (target?.isConnected) target.focus();
    else document.getElementById("api-keys-heading")?.focus();
  }, []);

  function openCreate(trigger: HTMLElement) {
    flowTrigger.current = trigger;
    setCreating(true);
  }

  /** Puts a just-issued key (preview only, never the secret) on the list at once; the refetch confirms it. */
  function showIssued(issued: IssuedKey, replaced?: { id: string; revokedNow: boolean }) {
    const revokedAt = new Date().toISOString();
    setLoaded((current) => {
      if (current.state !== "ready") return current;
      const others = current.keys
        .filter((key) => key.id !== issued.key.id)
        .map((key) => {
          if (key.id !== replaced?.id) return key;
          const now = replaced.revokedNow ? { status: "revoked" as const, revoked_at: revokedAt } : {};
          return { ...key, ...now, replaced_by: issued.key.id };
        });
      return { state: "ready", keys: [issued.key, ...others] };
    });
  }

  /** The banner's one step for a key revoked for a leak: its replacement, revealed at once. */
  async function replaceLeaked(key: KeyListItem, trigger: HTMLElement) {
    if (replacingId) return;
    setReplacingId(key.id);
    try {
      const issued = await rotateKey(key.id, {});
      showIssued(issued, { id: key.id, revokedNow: false });
      const note = `Put it into the integration that used ${key.name}. The exposed key stays revoked.`;
      revealRef.current?.show({ issued, title: "Save the replacement API key", note, returnFocusTo: trigger });
      toast.success(`Created a replacement for API key ${key.name}.`);
      void refresh();
    } catch (error) {
      toast.error(`Could not replace ${key.name}: ${messageOf(error)}`);
    } finally {
      setReplacingId(null);
    }
  }

  function onCreated(issued: IssuedKey) {
    handedToReveal.current = true;
    setCreating(false);
    setFilter("active");
    showIssued(issued);
    revealRef.current?.show({ issued, title: "Save your new API key", returnFocusTo: flowTrigger.current });
    toast.success(`Created API key ${issued.key.name}.`);
    void refresh();
  }

  function onRotated(issued: IssuedKey, graceHours: number) {
    const replaced = rotating;
    handedToReveal.current = true;
    setRotating(null);
    if (replaced) showIssued(issued, { id: replaced.id, revokedNow: graceHours === 0 });
    const until = replaced && graceHours > 0 ? absoluteTime(new Date(Date.now() + graceHours * 3_600_000).toISOString()) : null;
    const note = until
      ? `The old key keeps working for ${graceLabel(graceHours)}, until about ${until}. Update the integration before then.`
      : "The old key stopped working now.";
    revealRef.current?.show({ issued, title: "Save your rotated API key", note, returnFocusTo: flowTrigger.current });
    toast.success(`Rotated API key ${issued.key.name}.`);
    void refresh();
  }

  function onRevoked(key: KeyListItem) {
    setRevoking(null);
    // Show the revoked row where it now lives at once; the refetch confirms it.
    setLoaded((current) => (current.state === "ready" ? { state: "ready", keys: current.keys.map((k) => (k.id === key.id ? { ...k, ...key } : k)) } : current));
    toast.success(`Revoked API key ${key.name}. Integrations using it no longer work.`);
    void refresh();
  }

  const keys = loaded.state === "ready" ? loaded.keys : [];
  const counts = filterCounts(keys);
  const shown = keys.filter((key) => matchesFilter(key, filter));

  return (
    <section aria-labelledby="api-keys-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 id="api-keys-heading" tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
            API keys
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Signed in as {email} on the {tier} tier: up to {formatCount(plan.maxActiveKeys)} active keys, each with {formatCount(plan.ratePerMinute)}{" "}
            requests a minute and {formatCount(plan.ratePerDay)} a day.
          </p>
          <p className="mt-1 text-sm text-slate-600">
            Keys let your integrations call the API. Every create, rotate and revoke is recorded in the{" "}
            <Link href="/settings/audit-log" className="font-medium text-indigo-700 underline">
              audit log
            </Link>
            .
          </p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => void refresh()} disabled={refreshing} aria-label="Refresh the list of keys">
            {refreshing ? "Refreshing…" : "Refresh"}
          </Button>
          <Button onClick={(event) => openCreate(event.currentTarget)}>Create API key</Button>
        </div>
      </div>

      <ExposureBanners
        keys={keys}
        pendingId={replacingId}
        onReplace={(key, trigger) => void replaceLeaked(key, trigger)}
        onRotate={(key, trigger) => {
          flowTrigger.current = trigger;
          setRotating(key);
        }}
      />

      {loaded.state === "ready" && keys.length > 0 ? <StatusFilter value={filter} counts={counts} onChange={setFilter} /> : null}

      <div aria-busy={loaded.state === "loading"}>
        {loaded.state === "loading" ? <p className="text-sm text-slate-600">Loading keys…</p> : null}
        {loaded.state === "failed" ? (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
            <span>Could not load your API keys: {loaded.message}</span>
            <Button variant="secondary" onClick={() => void refresh()}>
              Try again
            </Button>
          </div>
        ) : null}
        {loaded.state === "ready" && keys.length === 0 ? <EmptyState /> : null}
        {loaded.state === "ready" && keys.length > 0 && shown.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="filter-empty">
            No {filter} keys.
          </p>
        ) : null}
        {shown.length > 0 ? (
          <KeyList
            keys={shown}
            onRotate={(key, trigger) => {
              flowTrigger.current = trigger;
              setRotating(key);
            }}
            onRevoke={(key, trigger) => {
              flowTrigger.current = trigger;
              setRevoking(key);
            }}
          />
        ) : null}
        <p className="sr-only" aria-live="polite">
          {loaded.state === "ready" ? `${shown.length} ${filter === "all" ? "" : `${filter} `}${shown.length === 1 ? "key" : "keys"} shown.` : ""}
        </p>
      </div>

      <CreateKeyDialog
        open={creating}
        onOpenChange={setCreating}
        tier={tier}
        scopeChoices={scopeChoices}
        onCreated={onCreated}
        onCloseAutoFocus={restoreFocus}
      />
      <RotateKeyDialog target={rotating} defaultGraceHours={rotating?.exposed_at ? 0 : undefined} onCancel={() => setRotating(null)} onRotated={onRotated} onCloseAutoFocus={restoreFocus} />
      <RevokeKeyDialog target={revoking} onCancel={() => setRevoking(null)} onRevoked={onRevoked} onCloseAutoFocus={restoreFocus} />
      <RevealKeyDialog ref={revealRef} />
    </section>
  );
}
