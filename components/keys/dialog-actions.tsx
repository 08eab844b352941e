import { Button } from "@/components/button";

/**
 * The foot of every key dialog: the server's error in words, then Cancel and the confirming
 * action. With `onConfirm` the action is a plain button; without it, it submits its form.
 */
export function DialogActions({
  error,
  errorTestId,
  pending,
  onCancel,
  label,
  pendingLabel,
  variant = "primary",
  onConfirm,
}: {
  error: string | null;
  errorTestId?: string;
  pending: boolean;
  onCancel: () => void;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "danger";
  onConfirm?: () => void;
}) {
  return (
    <>
      {error ? (
        <p role="alert" data-testid={errorTestId} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button variant={variant} type={onConfirm ? "button" : "submit"} onClick={onConfirm} disabled={pending}>
          {pending ? pendingLabel : label}
        </Button>
      </div>
    </>
  );
}
