"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { Tier, TierPlan } from "@/lib/accounts/tiers";
import { absoluteTime } from "@/lib/client/format";
import { messageOf, rotateKey, type IssuedKey, type KeyListItem } from "@/lib/client/keys";
import type { ScopeChoice } from "@/lib/keys/scope-choices";
import { can } from "@/lib/permissions/table";
import { ConsoleHeader } from "./console-header";
import { CreateKeyDialog } from "./create-key-dialog";
import { CreatorFilter } from "./creator-filter";
import { ExposureBanners } from "./exposure-banners";
import { listKeysBy, mayChangeKey, type Caller, type CreatorFilterValue } from "./key-creator";
import { KeyList } from "./key-list";
import { KeysBody } from "./keys-body";
import { LeftKeysSection } from "./left-keys-section";
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
  caller,
  maxKeyLifetimeDays,
}: {
  email: string;
  tier: Tier;
  plan: TierPlan;
  scopeChoices: ScopeChoice[];
  /** The list as the server rendered it (everyone's keys), so the first paint (and a reload) shows the keys. */
  initial: Loaded;
  /** The signed-in member's role and id: which controls to show. */
  caller: Caller;
  /** The account's cap on key lifetimes; undefined: the create dialog asks the server. */
  maxKeyLifetimeDays?: number | null;
}) {
  const [loaded, setLoaded] = useState<Loaded>(initial);
  const [refreshing, setRefreshing] = useState(false);
  const [filter, setFilter] = useState<StatusFilterValue>("active");
  const [creatorFilter, setCreatorFilter] = useState<CreatorFilterValue>("everyone");
  // What refresh asks the server for; a ref, so the focus and visibility listeners read the current choice.
  const creatorFilterRef = useRef<CreatorFilterValue>("everyone");
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
      const keys = await listKeysBy(creatorFilterRef.current, caller.userId);
      if (seq === requestSeq.current) setLoaded({ state: "ready", keys });
    } catch (error) {
      if (seq !== requestSeq.current) return;
      // Keep showing the last good list on a failed refresh; say so instead.
      setLoaded((current) => (current.state === "ready" ? current : { state: "failed", message: messageOf(error) }));
      toast.error(`Could not load API keys: ${messageOf(error)}`);
    } finally {
      if (seq === requestSeq.current) setRefreshing(false);
    }
  }, [caller.userId]);

  function chooseCreator(next: CreatorFilterValue) {
    creatorFilterRef.current = next;
    setCreatorFilter(next);
    void refresh();
  }

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

  function openRotate(key: KeyListItem, trigger: HTMLElement) {
    flowTrigger.current = trigger;
    setRotating(key);
  }

  function openRevoke(key: KeyListItem, trigger: HTMLElement) {
    flowTrigger.current = trigger;
    setRevoking(key);
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
    // A new key is the caller's own: a list of leavers' keys would hide it.
    if (creatorFilterRef.current === "left") {
      creatorFilterRef.current = "everyone";
      setCreatorFilter("everyone");
    }
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
      <ConsoleHeader
        email={email}
        tier={tier}
        plan={plan}
        refreshing={refreshing}
        onRefresh={() => void refresh()}
        onCreate={can(caller.role, "keys:create") ? openCreate : undefined}
      />

      {/* Only the keys this role may rotate: a banner whose button would be refused helps nobody. */}
      <ExposureBanners
        keys={keys.filter((key) => mayChangeKey(caller, key))}
        pendingId={replacingId}
        onReplace={(key, trigger) => void replaceLeaked(key, trigger)}
        onRotate={openRotate}
      />

      {creatorFilter === "everyone" ? (
        <LeftKeysSection keys={keys} caller={caller} onRotate={openRotate} onRevoke={openRevoke} />
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-3">
        {loaded.state === "ready" && keys.length > 0 ? <StatusFilter value={filter} counts={counts} onChange={setFilter} /> : <span />}
        <CreatorFilter value={creatorFilter} onChange={chooseCreator} disabled={loaded.state === "loading"} />
      </div>

      <KeysBody loaded={loaded} shown={shown} filter={filter} creatorFilter={creatorFilter} onRetry={() => void refresh()}>
        <KeyList keys={shown} caller={caller} onRotate={openRotate} onRevoke={openRevoke} />
      </KeysBody>

      <CreateKeyDialog
        open={creating}
        onOpenChange={setCreating}
        tier={tier}
        scopeChoices={scopeChoices}
        maxKeyLifetimeDays={maxKeyLifetimeDays}
        onCreated={onCreated}
        onCloseAutoFocus={restoreFocus}
      />
      <RotateKeyDialog target={rotating} defaultGraceHours={rotating?.exposed_at ? 0 : undefined} onCancel={() => setRotating(null)} onRotated={onRotated} onCloseAutoFocus={restoreFocus} />
      <RevokeKeyDialog target={revoking} onCancel={() => setRevoking(null)} onRevoked={onRevoked} onCloseAutoFocus={restoreFocus} />
      <RevealKeyDialog ref={revealRef} />
    </section>
  );
}
