// Sudo mode in the browser: when a sensitive request answers 403 reauthentication_required,
// apiFetch asks whoever registered here (the re-authentication dialog in the signed-in layout)
// to confirm the user, then sends the same request again. Requests that meet the 403 together
// share one dialog.
type ReauthHandler = () => Promise<boolean>;

let handler: ReauthHandler | null = null;
let pending: Promise<boolean> | null = null;

/** Registers the dialog; returns the function that unregisters it. */
export function setReauthHandler(next: ReauthHandler): () => void {
  handler = next;
  return () => {
    if (handler === next) handler = null;
  };
}

/** True once the user has proved who they are again; false if they cancelled or nothing can ask. */
export function requestReauth(): Promise<boolean> {
  if (!handler) return Promise.resolve(false);
  pending ??= handler().finally(() => {
    pending = null;
  });
  return pending;
}
