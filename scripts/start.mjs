// npm start: the production server. Applies pending migrations, then serves the build
// (scripts/lib/serve.mjs) with -p PORT and -H HOSTNAME (npm start -- -p 4000 -H 127.0.0.1); PORT is honoured.
import { existsSync } from "node:fs";
import { prepareRuntimeEnv } from "../lib/config/runtime.mjs";
import { serve } from "./lib/serve.mjs";
import { migrateDeploy } from "./lib/prisma.mjs";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build found. Run `npm run build` first.");
  process.exit(1);
}
// `next start` runs in production mode whatever the shell says; the checks made before it
// (a production deployment on PostgreSQL needs NEXTAUTH_SECRET) must see the same mode.
process.env.NODE_ENV = "production";
let db;
try {
  db = prepareRuntimeEnv();
  migrateDeploy();
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`Database: ${db.provider}${db.filePath ? ` at ${db.filePath}` : ""}; migrations up to date.`);
try {
  await serve({ dev: false, argv: process.argv.slice(2) });
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
