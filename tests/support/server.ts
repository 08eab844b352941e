// Starts the real production server (scripts/start.mjs: migrations, then `next start`) as a
// child process, logging everything it prints to a file that tests can read back.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

export type StartServerOptions = {
  /**
   * Added to (and overriding) this process's environment. A value of undefined removes the
   * variable. NEXTAUTH_URL defaults to the server's own http://127.0.0.1:PORT.
   */
  env?: Record<string, string | undefined>;
  port?: number;
  /** Where the embedded database and the generated secret go; a fresh temp folder by default. */
  dataDir?: string;
};

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  logPath: string;
  pid: number;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code once the server is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  log(): string;
};

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `soc-${prefix}-`));
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir("data");
  const logPath = path.join(dataDir, "server.log");
  const url = `http://127.0.0.1:${port}`;
  // The server's own address as its public URL, as a deployment sets it (production on
  // PostgreSQL refuses to start without one). Pass NEXTAUTH_URL in options.env for another value,
  // or undefined for none.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NEXTAUTH_URL: url };
  // A DATABASE_URL in the developer's shell must not leak into a test server: tests say which database they want.
  delete env.DATABASE_URL;
  delete env.NEXTAUTH_SECRET;
  // Test rigs sign many users up from 127.0.0.1; tests of the sign-up limits set their own.
  env.SIGNUP_LIMIT_PER_ADDRESS_PER_HOUR = "0";
  env.SIGNUP_LIMIT_PER_HOUR = "0";
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const logFd = openSync(logPath, "a");
  const child = spawn(process.execPath, ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", logFd, logFd],
    // Its own process group, so a server that ignores SIGTERM can still be killed with its children.
    detached: true,
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const log = () => readFileSync(logPath, "utf8");

  try {
    await waitForHealth(url, child, exited, log);
  } catch (error) {
    killGroup(child);
    await exited;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server log (${logPath}) ---\n${log().slice(-4000)}`);
  }

  return {
    url,
    port,
    dataDir,
    logPath,
    pid: child.pid ?? -1,
    log,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => killGroup(child), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Healthy, and ours: the child must have said it is listening before a 200 counts, so a server of
 * another test that happens to hold the port is never mistaken for this one.
 */
async function waitForHealth(url: string, child: ChildProcess, exited: Promise<number | null>, log: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`The server exited (code ${child.exitCode}) before it was ready.`);
    try {
      if (log().includes("> Ready on")) {
        const response = await fetch(`${url}/api/health`);
        if (response.status === 200) return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer ${url}/api/health with 200 within ${READY_TIMEOUT_MS / 1000}s.`);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
