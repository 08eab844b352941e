"use client";

import { useId, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";

/**
 * A secret shown once (an API key, a webhook signing secret): read-only, selected on focus, with a
 * Copy button. When the browser refuses the clipboard, the text is selected and the user told how
 * to copy it by hand. Whether it was copied is the parent's state: its close confirmation reads it.
 */
export function CopySecretField({
  label,
  value,
  what,
  testId,
  buttonId,
  statusTestId,
  copied,
  copyProblem,
  onCopied,
  onCopyFailed,
}: {
  label: React.ReactNode;
  value: string;
  /** "API key", "Signing secret": used in the toast and the fallback message. */
  what: string;
  testId: string;
  buttonId: string;
  statusTestId: string;
  copied: boolean;
  copyProblem: string | null;
  onCopied: () => void;
  onCopyFailed: (message: string) => void;
}) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      onCopied();
      toast.success(`${what} copied to the clipboard.`);
    } catch {
      inputRef.current?.select();
      onCopyFailed(`The browser did not allow copying. The ${what.toLowerCase()} is selected: press Ctrl+C (⌘C on a Mac) to copy it.`);
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={inputRef}
          id={inputId}
          data-testid={testId}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          autoComplete="off"
          spellCheck={false}
          className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
        />
        <Button id={buttonId} variant="secondary" onClick={copy}>
          Copy
        </Button>
      </div>
      <p aria-live="polite" className="min-h-4 text-xs" data-testid={statusTestId}>
        {copied ? <span className="font-medium text-green-700">Copied</span> : null}
        {copyProblem ? <span className="text-red-700">{copyProblem}</span> : null}
      </p>
    </div>
  );
}
