// 2. Throughput: one-seat bookings through the gateway at 64 connections, embedded and
// distributed, next to a bare node:http server measured the same way (the ceiling).
import { fork } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from './lib/load.mjs';
import { root } from './lib/paths.mjs';
import { cpuSecondsOf, pause, Platform } from './lib/platform.mjs';
import { barChart, lineChart } from './lib/svg.mjs';
import { loadAverage, runLine, table, writeChart } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';

export const name = 'throughput';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BASE_PORT = { embedded: 19000, distributed: 19010 };
const BARE_PORT = 19090;
const WARM_UP_SECONDS = 5;
/** Seats for this many bookings a second over the run, so the run never runs out. */
const SEAT_BUDGET_PER_SECOND = 4000;

export async function run({ seconds = 30, modes = ['embedded', 'distributed'], cpuProfile = false, heapProfile = false } = {}) {
  const runs = [{ target: 'bare node:http', ...(await bare(seconds)) }];
  for (const mode of modes) runs.push({ target: mode, ...(await bookings(mode, seconds, { cpuProfile, heapProfile })) });
  return { connections: CONNECTIONS, seconds, runs };
}

async function bare(seconds) {
  const loadAverageAtStart = loadAverage();
  const server = fork(join(root, 'bench', 'lib', 'bare-server.mjs'), [String(BARE_PORT)], { stdio: 'inherit' });
  await new Promise((ready) => server.once('message', ready));
  try {
    const body = () => '{"qty":1,"movieName":"soul","seat":"1A","totalPrice":5000}';
    const url = `http://127.0.0.1:${BARE_PORT}`;
    await runLoad({ label: 'ceiling warm-up', url, connections: CONNECTIONS, durationSeconds: 2, body, path: '/books' });
    const cpuBefore = cpuSecondsOf(server.pid);
    const load = await runLoad({ label: 'ceiling', url, connections: CONNECTIONS, durationSeconds: seconds, body, path: '/books' });
    const cpuSeconds = cpuSecondsOf(server.pid) - cpuBefore;
    return {
      loadAverageAtStart,
      load,
      cpuMsPerRequest: Math.round((1000 * cpuSeconds * 100) / Math.max(1, load.requests)) / 100,
      appCpuCores: Math.round((100 * cpuSeconds) / load.durationSeconds) / 100,
    };
  } finally {
    server.kill();
  }
}

/**
 * Bookings through the gateway; also used by the memory benchmark, which samples while it runs,
 * and by ab.mjs, which runs two builds (`appRoot`) or settings (`env`, `nodeArgs`) in turn.
 */
export async function bookings(mode, seconds, { cpuProfile = false, heapProfile = false, onSecond, onStarted, appRoot, env = {}, nodeArgs = [] } = {}) {
  const profileDir = join(root, 'data', 'bench-profiles');
  if (cpuProfile) mkdirSync(profileDir, { recursive: true });
  const heapDir = join(profileDir, `heap-${mode}`);
  if (heapProfile) {
    rmSync(heapDir, { recursive: true, force: true });
    mkdirSync(heapDir, { recursive: true });
  }
  const platform = new Platform({
    suite: `throughput-${mode}`,
    mode,
    basePort: BASE_PORT[mode],
    appRoot,
    nodeArgs: [
      ...(cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(heapProfile ? ['-r', join(root, 'bench', 'lib', 'heap-sampler.cjs')] : []),
      ...nodeArgs,
    ],
    // Capacity, not the breaker (the overload benchmark measures that): a payment call that queues
    // behind 64 others must not time out and open the breaker.
    env: { BOOK_PAYMENT_TIMEOUT_MS: '10000', ...(heapProfile ? { BENCH_HEAP_PROFILE_DIR: heapDir } : {}), ...env },
  });
  await platform.start();
  // Profiles are named after the process id (CPU.<date>.<pid>.…cpuprofile).
  if (cpuProfile) console.log(`CPU profiles of ${JSON.stringify(platform.pids())} go to ${profileDir} when the apps stop`);
  try {
    const screenings = Math.ceil(((seconds + WARM_UP_SECONDS) * SEAT_BUDGET_PER_SECOND) / 25_974);
    await addScreenings(platform, screenings);
    const seats = new SeatSequence(screenings);
    const options = { url: platform.gateway, connections: CONNECTIONS, body: () => seats.bookingBody(), path: '/books' };
    await onStarted?.(platform);
    await runLoad({ ...options, label: `${mode} warm-up`, durationSeconds: WARM_UP_SECONDS });
    const loadAverageAtStart = loadAverage();
    const cpuBefore = cpuByApp(platform);
    // The sampler in each thread polls for these files (bench/lib/heap-sampler.cjs).
    if (heapProfile) writeFileSync(join(heapDir, 'start'), '');
    const load = await runLoad({ ...options, label: `${mode} bookings`, durationSeconds: seconds, onSecond: (elapsed) => onSecond?.(platform, elapsed) });
    if (heapProfile) await stopHeapSampling(heapDir, platform, load);
    const cpuUsed = Object.fromEntries(Object.entries(cpuByApp(platform)).map(([app, after]) => [app, after - cpuBefore[app]]));
    const cpuSeconds = Object.values(cpuUsed).reduce((sum, used) => sum + used, 0);
    const msPerRequest = (used) => Math.round((1000 * used * 100) / Math.max(1, load.requests)) / 100;
    const booked = load.statuses['201'] ?? 0;
    return {
      loadAverageAtStart,
      load,
      bookingsPerSecond: Math.round(booked / load.durationSeconds),
      // CPU the apps spent per answered request: comparable across runs however busy the machine was.
      cpuMsPerRequest: msPerRequest(cpuSeconds),
      appCpuCores: Math.round((100 * cpuSeconds) / load.durationSeconds) / 100,
      // Which process the CPU went to (distributed: one per app), per answered request.
      cpuMsPerRequestByApp: Object.fromEntries(Object.entries(cpuUsed).map(([app, used]) => [app, msPerRequest(used)])),
    };
  } finally {
    await platform.dispose();
  }
}

/** Tells the samplers to stop, gives them time to write, and records what the profiles cover. */
async function stopHeapSampling(heapDir, platform, load) {
  writeFileSync(join(heapDir, 'stop'), '');
  await pause(1000);
  const bookings = load.statuses['201'] ?? 0;
  writeFileSync(join(heapDir, 'run.json'), JSON.stringify({ mode: platform.mode, pids: platform.pids(), bookings, seconds: load.durationSeconds }));
  console.log(`heap profiles of ${bookings} bookings in ${heapDir}: node bench/heap-summary.mjs ${heapDir}`);
}

const cpuByApp = (platform) => Object.fromEntries(Object.entries(platform.pids()).map(([app, pid]) => [app, cpuSecondsOf(pid)]));

export function render(result) {
  const rows = result.runs.map((run) => [
    run.target,
    run.bookingsPerSecond ?? `(${run.load.perSecond} responses/s)`,
    run.load.latency.p50,
    run.load.latency.p99,
    Object.entries(run.load.statuses).map(([code, n]) => `${code}: ${n}`).join(', '),
    run.cpuMsPerRequest ?? '-',
    run.appCpuCores ?? '-',
    run.loadAverageAtStart,
  ]);
  writeChart(
    'throughput.svg',
    barChart({
      title: `Requests per second at ${result.connections} connections`,
      yLabel: 'per second',
      categories: result.runs.map((run) => run.target),
      series: [{ name: 'answered 201', values: result.runs.map((run) => run.bookingsPerSecond ?? run.load.perSecond) }],
    }),
  );
  writeChart(
    'throughput-timeline.svg',
    lineChart({
      title: 'Bookings per second through the gateway, second by second',
      xLabel: 'seconds',
      yLabel: 'bookings (201) per second',
      series: result.runs.filter((run) => run.bookingsPerSecond !== undefined).map((run) => ({
        name: run.target,
        points: run.load.timeline.map((bucket) => [bucket.t, bucket.statuses['201'] ?? 0]),
      })),
    }),
  );
  return `## 2. Throughput

One-seat bookings (\`POST /books\` through the gateway, each for a different seat) at ${result.connections}
connections for ${result.seconds} s after a warm-up; the bare server answers the same body with 201
and nothing else. Book's payment timeout is raised to 10 s so that the run measures capacity; with the
default 610 ms, calls queued behind 63 others time out and the breaker sheds the load (benchmark 1).
Targets: at least 1,500 bookings/s embedded, 800/s distributed, p99 under 50 ms.

${table(['target', 'bookings/s', 'p50 ms', 'p99 ms', 'answers', 'app CPU ms per request', 'app CPU cores used', 'load avg at start'], rows)}

${byProcess(result)}*App CPU ms per request* is the CPU time (user + system, from \`/proc/<pid>/stat\`) all the platform's
processes used during the run divided by the requests answered: it does not depend on how busy
the machine was, and 2,000 divided by it bounds the bookings per second two dedicated cores could
serve (less what the load generator needs).

![throughput](bench/throughput.svg)
![throughput timeline](bench/throughput-timeline.svg)

${runLine(result)}`;
}

function byProcess(result) {
  const lines = result.runs
    .filter((run) => Object.keys(run.cpuMsPerRequestByApp ?? {}).length > 1)
    .map((run) => `- ${run.target}: ${Object.entries(run.cpuMsPerRequestByApp).map(([app, ms]) => `${app} ${ms}`).join(', ')}`);
  return lines.length === 0 ? '' : `CPU ms per request by process (MariaDB and Kafka not counted):\n\n${lines.join('\n')}\n\n`;
}
