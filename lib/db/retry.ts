// PostgreSQL ends one of two transactions that wait on each other (a deadlock) and reports it;
// Prisma raises that as P2034 ("write conflict or a deadlock, please retry"). One such cycle is
// built into the schema: a key mutation locks the account row, then updates the key row (its
// activeName sits in a unique index, so the update takes FOR UPDATE), while the usage flusher has
// inserted usage and source rows (FOR KEY SHARE on the key row, through their foreign keys) and
// then records a new-source audit event (the account row). The flusher puts its counts back and
// tries again on its own; a request retries here. The whole transaction was rolled back, so
// running it again is safe.
import { Prisma } from "./index";

const ATTEMPTS = 4;

export function isRetryableConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034";
}

export async function retryOnConflict<T>(run: () => Promise<T>, attempts: number = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      // A short, growing, jittered pause, so the two do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 15 * attempt + Math.random() * 25));
    }
  }
}
