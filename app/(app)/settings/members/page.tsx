import type { Metadata } from "next";
import { MembersConsole } from "@/components/members/members-console";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { ROLE_LABELS, can } from "@/lib/permissions/table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const principal = await requirePrincipal("/settings/members");
  const accountName = principal.membership?.accountName ?? "this account";
  return (
    <div className="space-y-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-slate-600">
          You are {principal.role === "owner" || principal.role === "admin" ? "an" : "a"} {ROLE_LABELS[principal.role].toLowerCase()} of {accountName}.{" "}
          {can(principal.role, "members:manage")
            ? "Invite people, change their roles, or remove them. Every change is recorded in the audit log."
            : "Only owners and admins can invite or remove members."}
        </p>
      </div>
      {/* Who "you" is comes from the API (MemberView.you). */}
      <MembersConsole role={principal.role} accountName={accountName} />
    </div>
  );
}
