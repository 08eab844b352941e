// The throughput part of `npm run bench`: closed-loop load (autocannon at full speed), the bare
// route against the key-authenticated one on the same server(s), alternating, with the database
// writes the keyed runs caused and a check that the API's request count matches autocannon's.
import autocannon from "autocannon";
import { createKey, signUp, sleep } from "./bench-server.mjs";

export const mean = (xs, f) => xs.reduce((s, x) => s + f(x), 0) / xs.length;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function load(url, headers, duration, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers }, (error, result) =>
      // Requests over the run's own length: with runs of a few seconds, autocannon's per-second
      // average would drop the last partial second.
      error ? reject(error) : resolve({ rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], other: result.non2xx + result.errors }),
    );
  });
}

/** The same load split over several instances at once; throughput adds up, latency is the worst. */
async function loadAll(bases, urlPath, headers, duration, connections) {
  const results = await Promise.all(bases.map((base) => load(`${base}${urlPath}`, headers, duration, Math.round(connections / bases.length))));
  return {
    rps: results.reduce((s, r) => s + r.rps, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    ok: results.reduce((s, r) => s + r.ok, 0),
    other: results.reduce((s, r) => s + r.other, 0),
  };
}

function flushes(logs) {
  return logs
    .join("")
    .split("\n")
    .map((line) => /\[usage\] flush: (\d+) requests, (\d+) key-day rows, (\d+) statement/.exec(line))
    .filter(Boolean)
    .map((m) => ({ requests: Number(m[1]), rows: Number(m[2]), statements: Number(m[3]) }));
}

/** Mean throughput, p50 and p99 over a route's runs, and their non-2xx in all. */
const summary = (runs) => ({ rps: mean(runs, (s) => s.rps), p50: Math.round(mean(runs, (s) => s.p50)), p99: Math.round(mean(runs, (s) => s.p99)), other: runs.reduce((n, s) => n + s.other, 0) });

const row = (label, s) =>
  `  ${label.padEnd(34)} ${Math.round(s.rps).toString().padStart(7)} req/s   p50 ${String(s.p50).padStart(4)} ms   p99 ${String(s.p99).padStart(4)} ms   non-2xx ${s.other}`;

const responseBytes = async (response) => [...response.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + (await response.arrayBuffer()).byteLength;

/** Only the bare route's capacity, for when the tail part runs without this one. */
export async function bareCapacity(instances, { duration, connections }) {
  const bases = instances.map((i) => i.base);
  await loadAll(bases, "/api/ping", {}, 3, connections);
  return (await loadAll(bases, "/api/ping", {}, duration, connections)).rps;
}

/**
 * A 95 % interval for the ratio of the keyed mean to the bare mean, by resampling whole rounds
 * (percentile bootstrap, seeded, so the same figures give the same interval).
 */
function ratioInterval(keyed, bare, samples = 4000) {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ratios = [];
  for (let s = 0; s < samples; s++) {
    let k = 0;
    let b = 0;
    for (let i = 0; i < keyed.length; i++) {
      const pick = Math.floor(random() * keyed.length);
      k += keyed[pick];
      b += bare[pick];
    }
    ratios.push(k / b);
  }
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(samples * 0.025)], ratios[Math.ceil(samples * 0.975) - 1]];
}

const percent = (ratio) => `${(ratio * 100).toFixed(1)} %`;

/**
 * Bare vs keyed on the given instances, `rounds` times. This machine's capacity drifts by ±10–20 %
 * between runs of a few seconds, whatever the route (in one bench on a quiet machine the bare
 * route's 2-s rounds ranged from 1,046 to 1,551 req/s, and the rounds' own key/bare ratios from
 * 79 % to 112 %), while the difference looked for is a few per cent. So the bench takes many short rounds rather than a few long ones: each round
 * runs the three routes back to back, the keyed one in the middle and the order mirrored every
 * other round (bare, keyed, padded; padded, keyed, bare), so a drift over a round weighs on both
 * sides alike, and the many rounds average the rest. Reported: the ratio of the mean throughputs
 * with a 95 % interval over the rounds, and the median of each round's own ratio (keyed over the
 * bare run beside it), which one disturbed round cannot move.
 */
export async function compare(label, instances, { duration, connections, rounds }) {
  const bases = instances.map((i) => i.base);
  const cookie = await signUp(bases[0]);
  const { keyId, auth } = await createKey(bases[0], cookie, "bench-hot-path");
  // A second baseline: the bare route padded to the keyed answer's size (headers and body).
  const sampleBytes = await responseBytes(await fetch(`${bases[0]}/api/v1/me`, { headers: auth }));
  const bareBytes = await responseBytes(await fetch(`${bases[0]}/api/ping`));
  const padded = `/api/ping?pad=${Math.max(0, sampleBytes - bareBytes - 10)}`;
  await loadAll(bases, "/api/ping", {}, 3, connections);
  const warmUp = await loadAll(bases, "/api/v1/me", auth, 3, connections);
  await sleep(5500);
  const logs = instances.map((i) => i.log);
  const flushedBefore = logs.map((log) => flushes([log]).length);
  const bare = [];
  const same = [];
  const keyed = [];
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    const outer = [() => loadAll(bases, "/api/ping", {}, duration, connections), () => loadAll(bases, padded, {}, duration, connections)];
    const [first, last] = round % 2 === 0 ? outer : [...outer].reverse();
    const before = await first();
    keyed.push(await loadAll(bases, "/api/v1/me", auth, duration, connections));
    const after = await last();
    if (round % 2 === 0) (bare.push(before), same.push(after));
    else (same.push(before), bare.push(after));
  }
  await sleep(5500);
  const newFlushes = logs.flatMap((log, i) => flushes([log]).slice(flushedBefore[i]));
  const writes = newFlushes.reduce((s, f) => s + f.statements, 0);
  const intervals = Math.ceil((Date.now() - started) / 5000) * instances.length;
  const listed = await (await fetch(`${bases[0]}/api/v1/keys`, { headers: { Cookie: cookie } })).json();
  const total = listed.data.find((k) => k.id === keyId)?.total_requests;
  const served = keyed.reduce((s, r) => s + r.ok, 0);

  console.log(`\n${label}`);
  console.log(`  round  ${"bare".padStart(7)}  ${"padded".padStart(7)}  ${"keyed".padStart(7)} req/s   key/bare  key/padded`);
  keyed.forEach((k, i) => {
    const cells = [bare[i], same[i], k].map((s) => String(Math.round(s.rps)).padStart(7)).join("  ");
    console.log(`  ${String(i + 1).padStart(5)}  ${cells}         ${percent(k.rps / bare[i].rps).padStart(8)}  ${percent(k.rps / same[i].rps).padStart(10)}`);
  });
  console.log(row("GET /api/ping (bare), mean", summary(bare)));
  console.log(row("GET /api/ping, same size, mean", summary(same)));
  console.log(row("GET /api/v1/me (key), mean", summary(keyed)));
  const rpsOf = (runs) => runs.map((s) => s.rps);
  const ratio = mean(keyed, (s) => s.rps) / mean(bare, (s) => s.rps);
  const sameRatio = mean(keyed, (s) => s.rps) / mean(same, (s) => s.rps);
  const [low, high] = ratioInterval(rpsOf(keyed), rpsOf(bare));
  const [sameLow, sameHigh] = ratioInterval(rpsOf(keyed), rpsOf(same));
  const perRound = keyed.map((s, i) => s.rps / bare[i].rps);
  const samePerRound = keyed.map((s, i) => s.rps / same[i].rps);
  console.log(`  throughput ratio key/bare: ${percent(ratio)} of the means (95 % interval over the rounds ${percent(low)} to ${percent(high)}); median of the rounds' own ratios ${percent(median(perRound))}; target ≥ 90 %`);
  console.log(`  p99 key − bare at saturation: ${(mean(keyed, (s) => s.p99) - mean(bare, (s) => s.p99)).toFixed(1)} ms`);
  console.log(`  against the bare route padded to the same ${sampleBytes} bytes: ${percent(sameRatio)} of the means (${percent(sameLow)} to ${percent(sameHigh)}); median per round ${percent(median(samePerRound))}; p99 key − padded: ${(mean(keyed, (s) => s.p99) - mean(same, (s) => s.p99)).toFixed(1)} ms`);
  // A flush of one key from one address is three statements (the day's counts, the existing
  // sources read under the day's lock, the sources' upsert), whatever the number of requests.
  const flushed = newFlushes.filter((f) => f.statements > 0).length;
  console.log(`  database statements for usage: ${writes} in ${flushed} flush(es) over ${intervals} instance-interval(s) of 5 s for ${served} keyed requests on 1 key (target: a fixed few per flush, whatever the traffic)`);
  // autocannon stops counting at the deadline: up to one request per connection per run is
  // still in flight then, served and counted by the server but not by autocannon.
  const counted = served + warmUp.ok + 1; // + the size probe
  const inFlight = connections * (rounds + 1);
  const consistent = total >= counted && total <= counted + inFlight;
  console.log(
    `  total_requests the API reports for the key: ${total}; 2xx autocannon counted: ${counted} (+ up to ${inFlight} in flight when runs stopped): ${consistent ? "consistent" : "INCONSISTENT"}`,
  );
  return { bare: mean(bare, (s) => s.rps), keyed: mean(keyed, (s) => s.rps) };
}
