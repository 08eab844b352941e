import { rmSync } from "node:fs";

/** Removes the run's throwaway data folder (database and generated secret). */
export default function globalTeardown() {
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
