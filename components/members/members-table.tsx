"use client";

import { Button } from "@/components/button";
import { When } from "@/components/keys/when";
import { ROLE_LABELS, can, type Role } from "@/lib/permissions/table";
import { personLabel, type Member } from "./api";
import { RoleSelect, assignableRoles } from "./role-select";

/**
 * Who belongs to the account. A caller with members:manage changes roles and removes members;
 * owners only an owner may touch (owners:manage). Everyone may leave, from their own row.
 */
export function MembersTable({
  members,
  callerRole,
  pendingId,
  onChangeRole,
  onRemove,
}: {
  members: Member[];
  callerRole: Role;
  /** The member whose change is being sent: their controls wait. */
  pendingId: string | null;
  onChangeRole: (member: Member, role: Role) => void;
  onRemove: (member: Member, trigger: HTMLElement) => void;
}) {
  const manages = can(callerRole, "members:manage");
  const managesOwners = can(callerRole, "owners:manage");
  const roles = assignableRoles(callerRole);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="members-table">
        <caption className="sr-only">Members of this account</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Member</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">2FA</th>
            <th scope="col" className="px-3 py-2 font-medium">Joined</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((member) => {
            const nameId = `member-${member.id}`;
            // An owner's row is only an owner's to change. The last owner can neither leave nor be
            // removed (the server refuses with 409 too), so no button offers it.
            const lastOwner = member.role === "owner" && members.filter((other) => other.role === "owner").length === 1;
            const mayChange = manages && (member.role !== "owner" || managesOwners);
            const mayRemove = !lastOwner && (member.you || (manages && (member.role !== "owner" || managesOwners)));
            const pending = pendingId === member.id;
            return (
              <tr key={member.id} data-testid="member-row" data-email={member.user.email} data-role={member.role} className="align-top">
                <th scope="row" className="px-3 py-3 font-normal">
                  <span id={nameId} className="block font-medium text-slate-900">
                    {personLabel(member.user)}
                    {member.you ? (
                      <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800" data-testid="you-marker">
                        you
                      </span>
                    ) : null}
                  </span>
                  {member.user.name?.trim() ? <span className="block text-xs text-slate-600">{member.user.email}</span> : null}
                </th>
                <td className="px-3 py-3">
                  {mayChange ? (
                    <RoleSelect
                      value={member.role}
                      // The member's current role stays listed even when the caller could not hand it out.
                      roles={roles.includes(member.role) ? roles : [member.role, ...roles]}
                      label={`Role of ${personLabel(member.user)}`}
                      disabled={pending}
                      onChange={(role) => onChangeRole(member, role)}
                    />
                  ) : (
                    <span data-testid="member-role">{ROLE_LABELS[member.role]}</span>
                  )}
                </td>
                <td className="px-3 py-3">
                  {member.two_factor ? (
                    <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800">Yes</span>
                  ) : (
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">No</span>
                  )}
                </td>
                <td className="px-3 py-3 whitespace-nowrap">
                  <When iso={member.joined_at} />
                </td>
                <td className="px-3 py-3 text-right">
                  {mayRemove ? (
                    <Button
                      variant="secondary"
                      className="text-red-700"
                      aria-describedby={nameId}
                      disabled={pending}
                      onClick={(event) => onRemove(member, event.currentTarget)}
                    >
                      {member.you ? "Leave account" : "Remove"}
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
