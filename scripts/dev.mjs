// npm run dev: the development server on the embedded SQLite default (or DATABASE_URL).
import { existsSync } from "node:fs";
import { prepareRuntimeEnv } from "../lib/config/runtime.mjs";
import { parseServeArgs, serve } from "./lib/serve.mjs";
import { generateClients, migrateDeploy } from "./lib/prisma.mjs";

process.env.NODE_ENV ??= "development";
const args = process.argv.slice(2);
// next-auth builds its URLs from NEXTAUTH_URL and warns on every request without it; on a
// developer's machine the answer is known: this server, on localhost.
process.env.NEXTAUTH_URL ||= `http://localhost:${parseServeArgs(args).port}`;
const db = prepareRuntimeEnv();
if (!existsSync("lib/db/generated/sqlite/client.ts") || !existsSync("lib/db/generated/postgresql/client.ts")) generateClients();
migrateDeploy();
console.log(`Database: ${db.provider}${db.filePath ? ` at ${db.filePath}` : ""}; migrations up to date.`);
await serve({ dev: true, argv: args });
