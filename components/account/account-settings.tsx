"use client";

import { useState } from "react";
import { PasskeysSection } from "@/components/passkeys/passkeys-section";
import { TwoFactorSection } from "@/components/two-factor/two-factor-section";
import type { PasskeyView } from "@/lib/passkeys/schemas";
import type { SessionView } from "@/lib/sessions/view";
import type { TwoFactorStatus } from "@/lib/two-factor/schemas";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { SessionsList } from "./sessions-list";

/** Settings → Account: who you are, your password, your second factors, and where you are signed in. */
export function AccountSettings({
  email,
  name,
  sessions,
  twoFactor,
  passkeys,
}: {
  email: string;
  name: string | null;
  sessions: SessionView[];
  twoFactor: TwoFactorStatus;
  passkeys: PasskeyView[];
}) {
  // A password change signs other browsers out: the list is read again when it does.
  const [sessionsChanged, setSessionsChanged] = useState(0);
  return (
    <div className="space-y-10">
      <div className="grid gap-8 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <ProfileForm email={email} name={name} />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <PasswordForm onOthersEnded={() => setSessionsChanged((n) => n + 1)} />
        </div>
      </div>
      <TwoFactorSection status={twoFactor} />
      <PasskeysSection passkeys={passkeys} />
      <SessionsList initial={sessions} refreshKey={sessionsChanged} />
    </div>
  );
}
