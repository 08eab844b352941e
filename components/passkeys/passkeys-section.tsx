"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { When } from "@/components/keys/when";
import { listPasskeysClient, passkeysSupported, type AddedPasskey, type PasskeyView } from "@/lib/client/passkeys";
import { AddPasskeyDialog } from "./add-passkey-dialog";
import { RecoveryCodesDialog } from "@/components/two-factor/recovery-codes-dialog";
import { RemovePasskeyDialog } from "./remove-passkey-dialog";

/** Settings → Account: the user's passkeys, Add a passkey, and Remove with a confirmation. */
export function PasskeysSection({ passkeys: initial }: { passkeys: PasskeyView[] }) {
  const [passkeys, setPasskeys] = useState(initial);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  // Decided after hydration, so the server's render and the first client render agree.
  const [supported, setSupported] = useState(true);
  useEffect(() => setSupported(passkeysSupported()), []);

  async function reload() {
    try {
      setPasskeys(await listPasskeysClient());
    } catch {
      // The list on screen stays; the next action reloads it again.
    }
  }

  function added({ passkey, recoveryCodes: codes }: AddedPasskey) {
    setAdding(false);
    setPasskeys((current) => [...current, passkey]);
    toast.success(`Passkey "${passkey.name}" added.`);
    if (codes) setRecoveryCodes(codes);
    void reload();
  }

  function removed(passkey: PasskeyView) {
    setRemoving(null);
    setPasskeys((current) => current.filter((item) => item.id !== passkey.id));
    toast.success(`Passkey "${passkey.name}" removed.`);
    void reload();
  }

  return (
    <section aria-labelledby="passkeys-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="passkeys-heading" className="text-lg font-semibold">
            Passkeys
          </h2>
          <p className="text-sm text-slate-600">Sign in with your fingerprint, face, screen lock or a security key instead of a password and code.</p>
        </div>
        <Button onClick={() => setAdding(true)} disabled={!supported}>
          Add a passkey
        </Button>
      </div>
      {!supported ? <p className="text-sm text-amber-800">This browser does not support passkeys.</p> : null}
      {passkeys.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">No passkeys yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="passkey-row">
              <div className="min-w-0 space-y-0.5 text-sm">
                <p className="font-medium text-slate-900">
                  {passkey.name}
                  {passkey.backed_up ? <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Synced</span> : null}
                </p>
                <p className="text-slate-600">
                  Added <When iso={passkey.created_at} /> · last used <When iso={passkey.last_used_at} never="never" />
                </p>
              </div>
              <Button variant="secondary" onClick={() => setRemoving(passkey)} aria-label={`Remove ${passkey.name}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <AddPasskeyDialog open={adding} onCancel={() => setAdding(false)} onAdded={added} />
      <RemovePasskeyDialog target={removing} onCancel={() => setRemoving(null)} onRemoved={removed} />
      <RecoveryCodesDialog codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
    </section>
  );
}
