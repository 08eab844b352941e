// Servers and other throwaway resources that one test starts for itself, undone after each test
// (last started, first undone), for tests whose budgets or settings must not touch the shared server.
import { afterEach } from "vitest";
import { startServer, type RunningServer, type StartServerOptions } from "./server";

export function ownServers() {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    /** A production server of the test's own, stopped after the test. */
    async start(options: StartServerOptions = {}): Promise<RunningServer> {
      const server = await startServer(options);
      cleanups.push(() => server.stop());
      return server;
    },
    /** Anything else to undo after the test (a database, a redis-server, a folder). */
    defer(cleanup: () => Promise<unknown> | void): void {
      cleanups.push(cleanup);
    },
  };
}
