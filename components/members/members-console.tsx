"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-error";
import { ROLE_LABELS, can, type Role } from "@/lib/permissions/table";
import {
  changeRole,
  errorMessage,
  listInvitations,
  listMembers,
  personLabel,
  revokeInvitation,
  type CreatedInvitation,
  type Invitation,
  type Member,
} from "./api";
import { InvitationsTable } from "./invitations-table";
import { InviteForm } from "./invite-form";
import { InviteLinkDialog } from "./invite-link-dialog";
import { MembersTable } from "./members-table";
import { RemoveMemberDialog } from "./remove-member-dialog";

type Loaded<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; items: T[] };

/** Settings → Members: who belongs to the account, invitations, and (for managers) the changes. */
export function MembersConsole({ role, accountName }: { role: Role; accountName: string }) {
  const router = useRouter();
  const manages = can(role, "members:manage");
  const [members, setMembers] = useState<Loaded<Member>>({ state: "loading" });
  const [invitations, setInvitations] = useState<Loaded<Invitation>>({ state: "loading" });
  const [error, setError] = useState<string | null>(null);
  const [pendingMember, setPendingMember] = useState<string | null>(null);
  const [pendingInvitation, setPendingInvitation] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [status, setStatus] = useState("");
  const removeTrigger = useRef<HTMLElement | null>(null);

  const loadMembers = useCallback(async () => {
    try {
      setMembers({ state: "ready", items: await listMembers() });
    } catch (caught) {
      setMembers((current) => (current.state === "ready" ? current : { state: "failed", message: errorMessage(caught) }));
    }
  }, []);

  const loadInvitations = useCallback(async () => {
    if (!manages) return;
    try {
      setInvitations({ state: "ready", items: await listInvitations() });
    } catch (caught) {
      setInvitations((current) => (current.state === "ready" ? current : { state: "failed", message: errorMessage(caught) }));
    }
  }, [manages]);

  useEffect(() => {
    void loadMembers();
    void loadInvitations();
  }, [loadMembers, loadInvitations]);

  async function onChangeRole(member: Member, next: Role) {
    if (next === member.role) return;
    setPendingMember(member.id);
    setError(null);
    try {
      const updated = await changeRole(member.id, next);
      setMembers((current) => (current.state === "ready" ? { state: "ready", items: current.items.map((m) => (m.id === updated.id ? updated : m)) } : current));
      toast.success(`${personLabel(updated.user)} is now ${ROLE_LABELS[updated.role].toLowerCase()}.`);
      // One's own role decides what every page shows: render them again with it.
      if (updated.you) router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPendingMember(null);
    }
  }

  function onRemoved(member: Member) {
    setRemoving(null);
    if (member.you) {
      toast.success(`You left ${accountName}.`);
      router.push("/accounts");
      router.refresh();
      return;
    }
    setMembers((current) => (current.state === "ready" ? { state: "ready", items: current.items.filter((m) => m.id !== member.id) } : current));
    toast.success(`Removed ${personLabel(member.user)} from ${accountName}.`);
  }

  function onInvited(created: CreatedInvitation) {
    setInvitations((current) => ({ state: "ready", items: [created.invitation, ...(current.state === "ready" ? current.items : [])] }));
    if (created.url) {
      setLink({ url: created.url, email: created.invitation.email });
      setStatus("");
    } else {
      setStatus(`Invitation e-mailed to ${created.invitation.email}.`);
      toast.success(`Invitation e-mailed to ${created.invitation.email}.`);
    }
  }

  async function onRevoke(invitation: Invitation) {
    setPendingInvitation(invitation.id);
    setError(null);
    try {
      const revoked = await revokeInvitation(invitation.id);
      setInvitations((current) => (current.state === "ready" ? { state: "ready", items: current.items.map((i) => (i.id === revoked.id ? revoked : i)) } : current));
      toast.success(`Revoked the invitation for ${revoked.email}.`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPendingInvitation(null);
    }
  }

  return (
    <div className="space-y-8">
      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          People in {accountName}
        </h2>
        <FormError message={error} />
        <LoadState loaded={members} what="members" onRetry={() => void loadMembers()} />
        {members.state === "ready" ? (
          <MembersTable
            members={members.items}
            callerRole={role}
            pendingId={pendingMember}
            onChangeRole={(member, next) => void onChangeRole(member, next)}
            onRemove={(member, trigger) => {
              removeTrigger.current = trigger;
              setRemoving(member);
            }}
          />
        ) : null}
      </section>

      {manages ? (
        <section aria-labelledby="invitations-heading" className="space-y-3">
          <h2 id="invitations-heading" className="text-lg font-semibold">
            Invitations
          </h2>
          <InviteForm callerRole={role} onInvited={onInvited} />
          <p aria-live="polite" className="text-sm text-green-800" data-testid="invite-status">
            {status}
          </p>
          <LoadState loaded={invitations} what="invitations" onRetry={() => void loadInvitations()} />
          {invitations.state === "ready" ? <InvitationsTable invitations={invitations.items} pendingId={pendingInvitation} onRevoke={(i) => void onRevoke(i)} /> : null}
        </section>
      ) : null}

      <RemoveMemberDialog
        target={removing}
        accountName={accountName}
        onCancel={() => setRemoving(null)}
        onRemoved={onRemoved}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          const target = removeTrigger.current;
          removeTrigger.current = null;
          if (target?.isConnected) target.focus();
          else document.getElementById("members-heading")?.focus();
        }}
      />
      <InviteLinkDialog link={link} onClose={() => setLink(null)} />
    </div>
  );
}

function LoadState<T>({ loaded, what, onRetry }: { loaded: Loaded<T>; what: string; onRetry: () => void }) {
  if (loaded.state === "loading") return <p className="text-sm text-slate-600">Loading {what}…</p>;
  if (loaded.state === "ready") return null;
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-3 text-sm text-red-800">
      <span>
        Could not load the {what}: {loaded.message}
      </span>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
