// The tail part of `npm run bench`: latency below saturation. At a fixed offered load (half the
// bare route's capacity, autocannon's overallRate), bare and keyed runs alternate, the keyed ones
// spread over many keys. Per run: offered and achieved rate, latency percentiles, and the
// server's own event-loop delay and GC pauses (scripts/lib/bench-probe.mjs).
//
// What autocannon's overallRate does (autocannon 8, lib/httpClient.js and lib/run.js): each
// connection gets rate/connections requests per second and sends them back to back (one in
// flight), then waits for its one-second timer. Latency is timed from each request's write, and
// with a rate set every 2xx latency L is recorded with HdrHistogram's expected-interval
// correction, whose interval autocannon computes as ceil(1/rate-per-connection) = 1 ms: a
// response of L ms also records L−1, L−2, … 1 ms. That makes a stall of the server weigh in the
// percentiles as if a request had been waiting every millisecond (roughly right while a
// connection sends back to back), but it is not a true open-loop schedule: requests a stalled
// connection has not sent yet are not timed from when they were due, and all connections' timers
// start in the same millisecond, so each second begins with a burst of the whole second's
// requests: the server is saturated for part of every second and idle for the rest. Unless
// BENCH_TAIL_STAGGER=0, the bench shifts each connection's one-second timer to its own phase
// (connection i of n starts at i/n s), so the load arrives spread over the second (checked
// against a plain HTTP server counting arrivals per 100 ms of the second: 860 200 0 0 0 0 0 0 0
// 676 paced by autocannon, the bursts drifting across the slot boundary; 192 144 144 144 170 166
// 135 135 135 135 staggered). autocannon's histogram keeps whole milliseconds (1.9 ms is recorded
// as 1); the raw figures, the latencies as measured without correction, to 0.01 ms, are printed
// beside it.
import autocannon from "autocannon";
import { createKeys } from "./bench-server.mjs";
import { mean } from "./bench-throughput.mjs";

const rotate = (xs, by) => [...xs.slice(by), ...xs.slice(0, by)];

function rawPercentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Give a connection its own phase within the second. Uses autocannon 8's Client internals
 * (reqsMadeThisSecond, paused, rateInterval, _doRequest); without them, it leaves the client be.
 */
function staggerClient(client, offsetMs) {
  if (!("reqsMadeThisSecond" in client)) return false;
  // Hold the first requests, which the constructor sends right after this hook, until the phase.
  client.reqsMadeThisSecond = Infinity;
  setImmediate(() => {
    clearInterval(client.rateInterval);
    const tick = () => {
      client.reqsMadeThisSecond = 0;
      if (client.paused) client._doRequest(client.cer);
      client.paused = false;
    };
    client.rateInterval = setTimeout(() => {
      if (client.destroyed) return;
      tick();
      client.rateInterval = setInterval(tick, 1000);
    }, offsetMs);
  });
  return true;
}

/** One run at `rate` requests per second in all, cycling through `requests`. Exported for checks. */
export function pacedRun(base, requests, { rate, seconds, connections, stagger }) {
  const used = Math.min(connections, rate);
  return new Promise((resolve, reject) => {
    const raw = [];
    let clients = 0;
    let staggered = 0;
    const instance = autocannon(
      {
        url: base,
        connections: used,
        duration: seconds,
        overallRate: rate,
        requests,
        setupClient(client) {
          const i = clients++;
          // Each connection starts at its own place in the list, so all keys are in use at once.
          if (requests.length > 1) client.setRequests(rotate(requests, Math.floor((i * requests.length) / used)));
          if (stagger && staggerClient(client, (i * 1000) / used)) staggered++;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        raw.sort((a, b) => a - b);
        const l = result.latency;
        resolve({
          offered: rate,
          achieved: result["2xx"] / result.duration,
          other: result.non2xx + result.errors + result.timeouts,
          corrected: { p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p99_9, max: l.max },
          raw: { p50: rawPercentile(raw, 50), p90: rawPercentile(raw, 90), p99: rawPercentile(raw, 99), p999: rawPercentile(raw, 99.9), max: raw.at(-1) ?? NaN },
          staggered: staggered === clients,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) raw.push(ms);
    });
  });
}

const f = (ms, digits = 0) => (Number.isFinite(ms) ? ms.toFixed(digits) : "–").padStart(digits ? 6 : 4);
const figures = (p, digits) => `p50 ${f(p.p50, digits)}  p90 ${f(p.p90, digits)}  p99 ${f(p.p99, digits)}  p99.9 ${f(p.p999, digits)}  max ${f(p.max, digits)} ms`;

function printRun(label, run, probe) {
  console.log(`  ${label.padEnd(10)} offered ${run.offered} req/s, achieved ${Math.round(run.achieved)} req/s, non-2xx ${run.other}`);
  console.log(`    corrected (autocannon, whole ms):   ${figures(run.corrected, 0)}`);
  console.log(`    raw (as measured):                  ${figures(run.raw, 2)}`);
  if (probe) {
    const { loopDelayMs: d, gc } = probe;
    console.log(`    server: event-loop delay p50 ${d.p50} p99 ${d.p99} max ${d.max} ms; GC ${gc.count} pauses (${gc.major} major), ${gc.totalMs} ms in all, longest ${gc.maxMs} ms`);
  }
}

/** Bare vs keyed at half of `capacity`, `rounds` times each, alternating, on one instance. */
export async function tail(instance, capacity, { seconds, rounds, connections, keyCount, stagger }) {
  const { base } = instance;
  const keys = await createKeys(base, keyCount);
  // The bare requests carry the same headers, so both runs send the same bytes.
  const keyed = keys.map((k) => ({ method: "GET", path: "/api/v1/me", headers: k.auth }));
  const bare = keys.map((k) => ({ method: "GET", path: "/api/ping", headers: k.auth }));
  for (const { auth } of keys) {
    const response = await fetch(`${base}/api/v1/me`, { headers: auth });
    if (response.status !== 200) throw new Error(`a tail key was refused: ${response.status}`);
  }
  const rate = Math.max(1, Math.round(capacity / 2));
  const options = { rate, seconds, connections, stagger };
  await pacedRun(base, bare, { ...options, seconds: 3 });
  const warm = await pacedRun(base, keyed, { ...options, seconds: 3 });

  console.log(`\nTail below saturation, one instance, embedded SQLite: ${rate} req/s offered (half of the bare route's ${Math.round(capacity)} req/s),`);
  console.log(
    `${Math.min(connections, rate)} connections${stagger && warm.staggered ? ", each with its own phase in the second" : ", paced as autocannon paces them (bursts at each second's start)"}; ${keys.length} keys over ${Math.ceil(keys.length / 10)} accounts; ${rounds} round(s) of ${seconds} s per route, alternating`,
  );
  const runs = { bare: [], keyed: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const [label, requests] of [["bare", bare], ["keyed", keyed]]) {
      await instance.mark();
      const run = await pacedRun(base, requests, options);
      printRun(`${label} #${round}`, run, await instance.mark());
      runs[label].push(run);
    }
  }
  const diff = (kind) => mean(runs.keyed, (r) => r[kind].p99) - mean(runs.bare, (r) => r[kind].p99);
  console.log(
    `  p99 keyed − bare, averaged over ${rounds} round(s): ${diff("corrected").toFixed(1)} ms corrected, ${diff("raw").toFixed(2)} ms raw (target ≤ 2 ms)`,
  );
}
