import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    // Two cores: more workers only queue behind the server under test.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "http",
          include: ["tests/http/**/*.test.ts"],
          environment: "node",
          // One production server (and database) for the whole project; see the file for details.
          globalSetup: ["tests/http/global-setup.ts"],
          // Real bcrypt (cost 12), real database, migrations on servers tests start themselves.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
