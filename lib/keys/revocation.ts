// Telling the verification caches that a key changed (revoked, rotated): this process's cache
// at once, and, with several instances (REDIS_URL), every other instance's through Redis.
import { publishKeyChanged } from "@/lib/redis/key-events";
import { forgetKey } from "./verify";

export async function keyChanged(keyId: string): Promise<void> {
  forgetKey(keyId);
  await publishKeyChanged(keyId);
}
