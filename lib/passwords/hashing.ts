// Password hashing off the event loop, bounded. bcrypt runs in a small pool of worker threads
// (piscina); at most PASSWORD_HASH_QUEUE more wait for one, and beyond that a request is refused
// at once with 503 rather than queued behind a flood. Sign-in, sign-up and password changes all
// come through here, so no burst of them can starve the API.
import path from "node:path";
import { Piscina } from "piscina";
import { ApiError } from "@/lib/http/errors";
import { hashingCapacity } from "./capacity.mjs";

type Task = { op: "hash"; password: string } | { op: "verify"; password: string; hash: string | null };

/** Thrown when every hashing thread is busy and the queue is full. */
export class HashingBusyError extends ApiError {
  constructor() {
    super("service_unavailable", "Too many sign-ins are being checked right now. Try again in a few seconds.", { headers: { "Retry-After": "2" } });
  }
}

const holder = globalThis as { __passwordPool?: Piscina<Task, string | boolean> };

function pool(): Piscina<Task, string | boolean> {
  if (!holder.__passwordPool) {
    const { threads, queue } = hashingCapacity();
    holder.__passwordPool = new Piscina<Task, string | boolean>({
      // A plain file read at run time, outside the bundle: resolved from the app's folder.
      filename: path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/passwords/bcrypt-worker.mjs"),
      minThreads: threads,
      maxThreads: threads,
      maxQueue: queue,
      idleTimeout: 60_000,
      // Below the event loop in the scheduler: on a small machine the hashing thread shares cores
      // with request handling, and a sign-in may wait a little longer rather than an API call.
      niceIncrement: 10,
    });
  }
  return holder.__passwordPool;
}

async function run(task: Task): Promise<string | boolean> {
  try {
    return await pool().run(task);
  } catch (error) {
    if (error instanceof Error && error.message === "Task queue is at limit") throw new HashingBusyError();
    throw error;
  }
}

export async function hashPassword(password: string): Promise<string> {
  return String(await run({ op: "hash", password }));
}

/** True only for the right password; an unknown user (hash null) costs the same and is false. */
export async function verifyPasswordOrDummy(password: string, hash: string | null): Promise<boolean> {
  return (await run({ op: "verify", password, hash })) === true;
}
