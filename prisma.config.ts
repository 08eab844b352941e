// One config for both providers: DATABASE_URL picks the schema folder, its migration
// history and the driver adapter the JavaScript schema engine runs through.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabase } from "./lib/config/runtime.mjs";

const db = resolveDatabase();
const folder = path.join("prisma", db.provider);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: folder,
  migrations: { path: path.join(folder, "migrations") },
  async adapter() {
    if (db.provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: db.url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: db.url });
  },
});
