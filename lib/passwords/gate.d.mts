import type { IncomingMessage, ServerResponse } from "node:http";
export function createPasswordGate(env?: NodeJS.ProcessEnv): (req: IncomingMessage, res: ServerResponse) => boolean;
