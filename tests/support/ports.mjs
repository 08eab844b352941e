// Free TCP ports for test servers, from the range this project's tests may use (3100-3199).
import net from "node:net";

export const TEST_PORT_MIN = 3100;
export const TEST_PORT_MAX = 3199;

function isFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

// Two vitest workers start servers at the same time; a port that both find free in the same
// instant would be bound by one while the other's health check reached the wrong server. Each
// worker therefore draws from a slice of its own (VITEST_POOL_ID 1, 2, ...), the main process
// from the last slice, and no port is handed out twice by one process.
const SLICES = 3;
const given = new Set();

function slice() {
  const size = Math.floor((TEST_PORT_MAX - TEST_PORT_MIN + 1) / SLICES);
  const pool = Number(process.env.VITEST_POOL_ID);
  const index = Number.isInteger(pool) && pool >= 1 ? (pool - 1) % (SLICES - 1) : SLICES - 1;
  const min = TEST_PORT_MIN + index * size;
  return { min, size: index === SLICES - 1 ? TEST_PORT_MAX - min + 1 : size };
}

/**
 * A port nobody listens on right now, from this process's slice of the range, starting at a
 * random place so parallel runs rarely pick the same one.
 * @returns {Promise<number>}
 */
export async function freePort(host = "127.0.0.1") {
  const { min, size } = slice();
  const start = Math.floor(Math.random() * size);
  for (const fresh of [true, false]) {
    for (let i = 0; i < size; i++) {
      const port = min + ((start + i) % size);
      if (fresh && given.has(port)) continue;
      if (await isFree(port, host)) {
        given.add(port);
        return port;
      }
    }
  }
  throw new Error(`No free port between ${min} and ${min + size - 1}.`);
}
