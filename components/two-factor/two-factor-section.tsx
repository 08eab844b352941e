"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { apiFetch } from "@/lib/client/api";
import type { TwoFactorStatus } from "@/lib/two-factor/schemas";
import { DisableTotpDialog } from "./disable-totp-dialog";
import { RecoveryCodesDialog } from "./recovery-codes-dialog";
import { SetupTotpDialog, type Enrolment } from "./setup-totp-dialog";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/**
 * Settings → Account → Two-factor authentication: the app's status, setting it up (QR code, then
 * a code, then the recovery codes once), turning it off, and new recovery codes. The status comes
 * from the server (page.tsx) and is read again after each change.
 */
export function TwoFactorSection({ status }: { status: TwoFactorStatus }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [busy, setBusy] = useState<"setup" | "codes" | null>(null);
  const refresh = () => startRefresh(() => router.refresh());

  async function startSetup() {
    setBusy("setup");
    try {
      const { data } = await apiFetch<{ data: Enrolment }>("/api/v1/account/two-factor/totp", { method: "POST" });
      setEnrolment(data);
    } catch (failure) {
      toast.error(failure instanceof Error ? failure.message : "Setting up the app failed.");
    } finally {
      setBusy(null);
    }
  }

  async function newRecoveryCodes() {
    setBusy("codes");
    try {
      const { data } = await apiFetch<{ data: { recovery_codes: string[] } }>("/api/v1/account/two-factor/recovery-codes", { method: "POST" });
      setRecoveryCodes(data.recovery_codes);
      refresh();
    } catch (failure) {
      toast.error(failure instanceof Error ? failure.message : "Making new recovery codes failed.");
    } finally {
      setBusy(null);
    }
  }

  const { totp } = status;
  return (
    <section aria-labelledby="two-factor-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5" data-testid="two-factor-section">
      <div>
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor authentication
        </h2>
        <p className="mt-1 text-sm text-slate-600">A code from an app on your phone, asked for at sign-in after your password.</p>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <div className="text-sm">
          <p className="font-medium text-slate-800">Authenticator app</p>
          <p className="text-slate-600" data-testid="totp-status">
            {totp.enabled ? `On since ${totp.enabled_at ? dateFormat.format(new Date(totp.enabled_at)) : "—"}` : "Off"}
          </p>
        </div>
        {totp.enabled ? (
          <Button variant="secondary" onClick={() => setDisabling(true)}>
            Turn off
          </Button>
        ) : (
          <Button onClick={startSetup} disabled={busy === "setup"}>
            {busy === "setup" ? "Preparing…" : "Set up authenticator app"}
          </Button>
        )}
      </div>

      {totp.enabled || status.recovery_codes_remaining > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
          <div className="text-sm">
            <p className="font-medium text-slate-800">Recovery codes</p>
            <p className="text-slate-600" data-testid="recovery-codes-remaining">
              {status.recovery_codes_remaining} of 10 unused.{status.recovery_codes_remaining <= 3 ? " Make new ones before you run out." : ""}
            </p>
          </div>
          <Button variant="secondary" onClick={newRecoveryCodes} disabled={busy === "codes"}>
            {busy === "codes" ? "Making…" : "New recovery codes"}
          </Button>
        </div>
      ) : null}

      <SetupTotpDialog
        enrolment={enrolment}
        onClose={() => setEnrolment(null)}
        onEnabled={(codes) => {
          setEnrolment(null);
          toast.success("The authenticator app is on. Sign-in will ask for a code.");
          if (codes) setRecoveryCodes(codes);
          refresh();
        }}
      />
      <RecoveryCodesDialog codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      <DisableTotpDialog
        open={disabling}
        onClose={() => setDisabling(false)}
        onDisabled={() => {
          setDisabling(false);
          toast.success("The authenticator app is off.");
          refresh();
        }}
      />
    </section>
  );
}
