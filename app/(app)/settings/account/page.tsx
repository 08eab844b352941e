import type { Metadata } from "next";
import { PoliciesSection } from "@/components/account/policies-section";
import { AccountSettings } from "@/components/account/account-settings";
import { EmailNotifications } from "@/components/account/email-notifications";
import { requireUser } from "@/lib/auth/require-principal";
import { getNotificationSettings } from "@/lib/mail/preferences";
import { listLiveSessions } from "@/lib/sessions/store";
import { presentSessions } from "@/lib/sessions/view";
import { listPasskeys } from "@/lib/passkeys/view";
import { twoFactorStatus } from "@/lib/two-factor/enrolment";

export const metadata: Metadata = { title: "Account" };

// A user page, not an account page: a member whose account requires two-factor is sent here to
// enrol (lib/auth/require-principal.ts, ENROL_PATH), and a user removed from their account can
// still manage their own sign-in.
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/settings/account");
  const { two_factor: twoFactorParam } = await searchParams;
  const sessions = presentSessions(await listLiveSessions(user.userId), user.sessionId);
  const [twoFactor, passkeys, notifications] = await Promise.all([
    twoFactorStatus(user.userId),
    listPasskeys(user.userId),
    getNotificationSettings(user.userId),
  ]);
  const { membership } = user;
  const mustEnrol = membership?.mustEnrolTwoFactor === true || twoFactorParam === "required";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="mt-1 text-sm text-slate-600">Your name, your password, two-factor authentication and passkeys, every browser where you are signed in, and which notifications you get by e-mail.</p>
      </div>
      {mustEnrol ? (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="two-factor-required">
          <p className="font-semibold">{membership?.accountName ?? "Your account"} requires two-factor authentication.</p>
          <p className="mt-1">Set up an authenticator app or a passkey to continue.</p>
        </div>
      ) : null}
      <div className="space-y-10">
        <AccountSettings email={user.email} name={user.name} sessions={sessions} twoFactor={twoFactor} passkeys={passkeys} />
        {membership && !membership.mustEnrolTwoFactor ? <PoliciesSection role={membership.role} /> : null}
        <EmailNotifications initial={notifications.email} />
      </div>
    </div>
  );
}
