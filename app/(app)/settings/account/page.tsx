import type { Metadata } from "next";
import { AccountSettings } from "@/components/account/account-settings";
import { EmailNotifications } from "@/components/account/email-notifications";
import { requirePrincipal } from "@/lib/auth/require-principal";
import { getNotificationSettings } from "@/lib/mail/preferences";
import { listLiveSessions } from "@/lib/sessions/store";
import { presentSessions } from "@/lib/sessions/view";
import { listPasskeys } from "@/lib/passkeys/view";
import { twoFactorStatus } from "@/lib/two-factor/enrolment";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const principal = await requirePrincipal("/settings/account");
  const sessions = presentSessions(await listLiveSessions(principal.userId), principal.sessionId);
  const [twoFactor, passkeys, notifications] = await Promise.all([
    twoFactorStatus(principal.userId),
    listPasskeys(principal.userId),
    getNotificationSettings(principal.userId),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="mt-1 text-sm text-slate-600">Your name, your password, two-factor authentication and passkeys, every browser where you are signed in, and which notifications you get by e-mail.</p>
      </div>
      <div className="space-y-10">
        <AccountSettings email={principal.email} name={principal.name} sessions={sessions} twoFactor={twoFactor} passkeys={passkeys} />
        <EmailNotifications initial={notifications.email} />
      </div>
    </div>
  );
}
