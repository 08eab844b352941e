// npm run dev: the development server on the embedded SQLite default (or DATABASE_URL).
import { existsSync } from "node:fs";
import { prepareRuntimeEnv } from "../lib/config/runtime.mjs";
import { runNext } from "./lib/next.mjs";
import { generateClients, migrateDeploy } from "./lib/prisma.mjs";

const db = prepareRuntimeEnv();
if (!existsSync("lib/db/generated/sqlite/client.ts") || !existsSync("lib/db/generated/postgresql/client.ts")) generateClients();
migrateDeploy();
console.log(`Database: ${db.provider}${db.filePath ? ` at ${db.filePath}` : ""}; migrations up to date.`);
runNext(["dev", ...process.argv.slice(2)]);
