import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { invitationForPage } from "@/lib/invitations/page-data";
import { ROLE_LABELS } from "@/lib/permissions/table";
import { JoinButton } from "./join-button";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

// Outside the signed-in group: whoever follows the link lands here, signed in or not, and is told
// plainly what the invitation is and what to do next. The token itself is only ever sent back to
// the server (POST /api/v1/members), never shown.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [view, user] = await Promise.all([invitationForPage(token), currentUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <Link href="/" className="mb-8 block text-center text-lg font-semibold tracking-tight">
          SOC Platform
        </Link>
        <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="invitation-card" data-status={view.status}>
          {view.status === "unknown" ? (
            <Closed title="Invitation not found">This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.</Closed>
          ) : view.status === "expired" ? (
            <Closed title="Invitation expired">
              This invitation to {view.accountName} has expired. Ask {view.invitedBy ?? "an owner or admin of the account"} for a new one.
            </Closed>
          ) : view.status === "revoked" ? (
            <Closed title="Invitation revoked">This invitation to {view.accountName} was revoked. Ask an owner or admin of the account if you still need access.</Closed>
          ) : view.status === "accepted" ? (
            <Closed title="Invitation already used">
              This invitation to {view.accountName} was already accepted. If it was you, <Link href="/accounts" className="font-medium text-indigo-700 underline">choose the account</Link>{" "}
              to continue.
            </Closed>
          ) : (
            <>
              <h1 className="text-xl font-semibold">Join {view.accountName}</h1>
              <p className="text-sm text-slate-700">
                You have been invited to join <strong className="font-semibold">{view.accountName}</strong> as{" "}
                <strong className="font-semibold">{ROLE_LABELS[view.role].toLowerCase()}</strong>
                {view.invitedBy ? <> by {view.invitedBy}</> : null}. The invitation is for {view.email} and expires on{" "}
                <time dateTime={view.expiresAt.toISOString()}>{view.expiresAt.toISOString().slice(0, 10)}</time>.
              </p>
              {!user ? (
                <div className="flex flex-col gap-2 sm:flex-row">
                  <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="rounded-md bg-indigo-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-indigo-700">
                    Sign in to accept
                  </Link>
                  <Link
                    href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`}
                    className="rounded-md border border-slate-300 bg-white px-3 py-2 text-center text-sm font-medium text-slate-800 hover:bg-slate-50"
                  >
                    Create an account
                  </Link>
                </div>
              ) : user.email.toLowerCase() !== view.email.toLowerCase() ? (
                <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="invitation-other-user">
                  You are signed in as {user.email}, but this invitation is for {view.email}.{" "}
                  <Link href="/sign-out" className="font-medium underline">
                    Sign out
                  </Link>{" "}
                  and sign in as {view.email} to accept it.
                </p>
              ) : (
                <JoinButton token={token} accountName={view.accountName} />
              )}
            </>
          )}
        </div>
      </div>
    </main>
  );
}

function Closed({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm text-slate-700">{children}</p>
    </>
  );
}
