"use client";

import { useState } from "react";
import type { SessionView } from "@/lib/sessions/view";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { SessionsList } from "./sessions-list";

/** Settings → Account: who you are, your password, and where you are signed in. */
export function AccountSettings({ email, name, sessions }: { email: string; name: string | null; sessions: SessionView[] }) {
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
      <SessionsList initial={sessions} refreshKey={sessionsChanged} />
    </div>
  );
}
