// npm run build: generate both database clients, then one `next build` that serves either.
import { generateClients } from "./lib/prisma.mjs";
import { runNext } from "./lib/next.mjs";

generateClients();
runNext(["build", ...process.argv.slice(2)]);
