"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { CopySecretField } from "@/components/copy-secret-field";
import { Dialog } from "@/components/dialog";

/**
 * The invitation link when no e-mail could be sent: shown once (the server keeps only its hash),
 * for the inviter to pass on themselves.
 */
export function InviteLinkDialog({ link, onClose }: { link: { url: string; email: string } | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [copyProblem, setCopyProblem] = useState<string | null>(null);

  function close() {
    setCopied(false);
    setCopyProblem(null);
    onClose();
  }

  return (
    <Dialog
      open={link !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      title="Send this invitation link"
      description={link ? `Copy this link now; it will not be shown again. It works once, for 7 days, for ${link.email}. Whoever holds it can join as that address, so send it only to them, over a channel only they read.` : null}
      testId="invite-link-dialog"
    >
      {link ? (
        <div className="space-y-4">
          <CopySecretField
            label="Invitation link"
            value={link.url}
            what="Invitation link"
            testId="invite-link"
            buttonId="copy-invite-link"
            statusTestId="invite-link-copy-status"
            copied={copied}
            copyProblem={copyProblem}
            onCopied={() => {
              setCopied(true);
              setCopyProblem(null);
            }}
            onCopyFailed={setCopyProblem}
          />
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
