"use client";

import { Button } from "@/components/button";
import { When } from "@/components/keys/when";
import { ROLE_LABELS } from "@/lib/permissions/table";
import { personLabel, type Invitation } from "./api";

const STATUS_STYLES: Record<Invitation["status"], string> = {
  pending: "bg-amber-50 text-amber-900",
  accepted: "bg-green-50 text-green-800",
  expired: "bg-slate-100 text-slate-700",
  revoked: "bg-red-50 text-red-800",
};

const STATUS_LABELS: Record<Invitation["status"], string> = { pending: "Pending", accepted: "Accepted", expired: "Expired", revoked: "Revoked" };

/** Invitations sent from this account, newest first; a pending one can be revoked. */
export function InvitationsTable({
  invitations,
  pendingId,
  onRevoke,
}: {
  invitations: Invitation[];
  pendingId: string | null;
  onRevoke: (invitation: Invitation) => void;
}) {
  if (invitations.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600" data-testid="invitations-empty">
        No invitations yet.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="invitations-table">
        <caption className="sr-only">Invitations</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">E-mail</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">Invited by</th>
            <th scope="col" className="px-3 py-2 font-medium">When</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {invitations.map((invitation) => {
            const emailId = `invitation-${invitation.id}`;
            return (
              <tr key={invitation.id} data-testid="invitation-row" data-email={invitation.email} data-status={invitation.status} className="align-top">
                <th scope="row" id={emailId} className="px-3 py-3 font-medium break-all text-slate-900">
                  {invitation.email}
                </th>
                <td className="px-3 py-3">{ROLE_LABELS[invitation.role]}</td>
                <td className="px-3 py-3">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[invitation.status]}`} data-testid="invitation-status">
                    {STATUS_LABELS[invitation.status]}
                  </span>
                </td>
                <td className="px-3 py-3">{personLabel(invitation.invited_by)}</td>
                <td className="px-3 py-3 whitespace-nowrap">
                  <InvitationTime invitation={invitation} />
                </td>
                <td className="px-3 py-3 text-right">
                  {invitation.status === "pending" ? (
                    <Button variant="secondary" className="text-red-700" aria-describedby={emailId} disabled={pendingId === invitation.id} onClick={() => onRevoke(invitation)}>
                      {pendingId === invitation.id ? "Revoking…" : "Revoke"}
                    </Button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The moment that matters for the status: when it expires, was accepted, or was revoked. */
function InvitationTime({ invitation }: { invitation: Invitation }) {
  if (invitation.status === "accepted" && invitation.accepted_at) {
    return (
      <>
        Accepted <When iso={invitation.accepted_at} />
      </>
    );
  }
  if (invitation.status === "revoked" && invitation.revoked_at) {
    return (
      <>
        Revoked <When iso={invitation.revoked_at} />
      </>
    );
  }
  return (
    <>
      {invitation.status === "expired" ? "Expired" : "Expires"} <When iso={invitation.expires_at} />
    </>
  );
}
