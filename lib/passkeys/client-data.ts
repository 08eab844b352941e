// The challenge a browser signed, read from clientDataJSON before anything is verified, so the
// stored challenge can be found and consumed. Everything in it is checked again by the library.
import { z } from "zod";

const clientDataSchema = z.object({ challenge: z.string().min(1).max(512) });

export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = clientDataSchema.safeParse(JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.challenge : null;
  } catch {
    return null;
  }
}
