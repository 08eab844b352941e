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

/**
 * A port nobody listens on right now, starting at a random place in the range so parallel
 * runs rarely pick the same one.
 * @returns {Promise<number>}
 */
export async function freePort(host = "127.0.0.1") {
  const size = TEST_PORT_MAX - TEST_PORT_MIN + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = TEST_PORT_MIN + ((start + i) % size);
    if (await isFree(port, host)) return port;
  }
  throw new Error(`No free port between ${TEST_PORT_MIN} and ${TEST_PORT_MAX}.`);
}
