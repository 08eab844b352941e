// Telling the verification caches that a key changed (revoked, rotated). On one instance that
// is this process's cache; with several instances the message also goes to the others.
import { forgetKey } from "./verify";

export async function keyChanged(keyId: string): Promise<void> {
  forgetKey(keyId);
}
