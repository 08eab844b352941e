"use client";

import { signOut } from "next-auth/react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { apiFetch } from "@/lib/client/api";
import { absoluteTime, relativeTime } from "@/lib/client/format";
import type { SessionView } from "@/lib/sessions/view";

const SIGN_IN_METHODS: Record<SessionView["sign_in_method"], string> = {
  password: "a password",
  "password+totp": "a password and an authenticator code",
  "password+recovery_code": "a password and a recovery code",
  "password+passkey": "a password and a passkey",
  passkey: "a passkey",
};

/** This user's signed-in browsers, each with a Sign out; and Sign out everywhere else. */
export function SessionsList({ initial, refreshKey }: { initial: SessionView[]; refreshKey: number }) {
  const [sessions, setSessions] = useState(initial);
  const [pending, setPending] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const { data } = await apiFetch<{ data: SessionView[] }>("/api/v1/sessions");
    setSessions(data);
  }, []);

  useEffect(() => {
    if (refreshKey > 0) void reload().catch(() => undefined);
  }, [refreshKey, reload]);

  async function end(session: SessionView) {
    setPending(session.id);
    try {
      if (session.current) {
        await signOut({ redirect: false });
        window.location.assign("/sign-in");
        return;
      }
      await apiFetch(`/api/v1/sessions/${session.id}`, { method: "DELETE" });
      toast.success(`Signed out ${session.browser}.`);
      await reload();
    } catch (failure) {
      toast.error(failure instanceof Error ? failure.message : "Signing that session out failed.");
    } finally {
      setPending(null);
    }
  }

  async function endOthers() {
    setPending("others");
    try {
      const { data } = await apiFetch<{ data: { ended: number } }>("/api/v1/sessions/revoke-others", { method: "POST" });
      toast.success(data.ended === 0 ? "No other sessions were open." : `Signed out ${data.ended} other session${data.ended === 1 ? "" : "s"}.`);
      await reload();
    } catch (failure) {
      toast.error(failure instanceof Error ? failure.message : "Signing out the other sessions failed.");
    } finally {
      setPending(null);
    }
  }

  const others = sessions.filter((session) => !session.current).length;
  return (
    <section aria-labelledby="sessions-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Active sessions
        </h2>
        <Button variant="secondary" disabled={pending !== null || others === 0} onClick={() => void endOthers()}>
          Sign out everywhere else
        </Button>
      </div>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Active sessions">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="session-row">
            <div className="min-w-0 space-y-0.5 text-sm">
              <p className="font-medium text-slate-900">
                {session.browser}
                {session.current ? <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">This browser</span> : null}
              </p>
              <p className="text-slate-600">
                {session.ip ?? "Unknown address"} · last seen {relativeTime(session.last_seen_at)} · signed in {absoluteTime(session.created_at)} with{" "}
                {SIGN_IN_METHODS[session.sign_in_method]}
              </p>
            </div>
            <Button variant="secondary" disabled={pending !== null} onClick={() => void end(session)} aria-label={`Sign out ${session.browser}${session.current ? " (this browser)" : ""}`}>
              Sign out
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
