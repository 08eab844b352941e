import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { AccountSwitcher } from "@/components/accounts/account-switcher";
import { NavLink } from "@/components/nav-link";
import { NotificationBell } from "@/components/notifications/bell";
import { ReauthDialog } from "@/components/reauth/reauth-dialog";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  // The user, not the member: a user removed from the session's account (on /accounts) or who
  // must enrol in two-factor (on /settings/account) still gets the header and the switcher.
  const user = await currentUser();
  const membership = user?.membership ?? null;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="font-semibold tracking-tight">
            SOC Platform
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1 text-sm">
            <NavLink href="/settings/api-keys">API keys</NavLink>
            <NavLink href="/settings/audit-log">Audit log</NavLink>
            <NavLink href="/settings/webhooks">Webhooks</NavLink>
            <NavLink href="/settings/members">Members</NavLink>
            <NavLink href="/settings/account">Account</NavLink>
            <NavLink href="/docs/api">API reference</NavLink>
          </nav>
          {user ? (
            <div className="flex items-center gap-3 text-sm">
              <AccountSwitcher current={membership && { name: membership.accountName, role: membership.role }} />
              <NotificationBell />
              <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
                {user.email}
              </span>
              {membership ? (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase text-slate-700">{membership.tier}</span>
              ) : null}
              <Link href="/sign-out" className="text-slate-700 underline">
                Sign out
              </Link>
            </div>
          ) : null}
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      {user ? <ReauthDialog /> : null}
    </div>
  );
}
