// npm run db:migrate: apply pending migrations to the database DATABASE_URL names (SQLite by default).
import { prepareRuntimeEnv } from "../lib/config/runtime.mjs";
import { migrateDeploy } from "./lib/prisma.mjs";

const db = prepareRuntimeEnv();
const result = migrateDeploy();
console.log(`Migrations applied to ${db.provider}${db.filePath ? ` (${db.filePath})` : ""}.`);
if (process.argv.includes("--verbose")) console.log(result.output);
