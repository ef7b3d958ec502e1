// 9. Instructions a booking: what one booking costs the platform's processes, counted by valgrind's
// callgrind rather than timed. A count does not move with the machine's speed or with what else
// runs on it (the same build's rate swung from 238 to 438 bookings/s within six minutes on one
// machine), so it can tell a change of a few percent in one run of each build.
//
// Each app process runs under `valgrind --tool=callgrind`, about fifty times slower: start-up takes
// minutes. After the warm-up bookings (so that V8 has compiled the hot path, as it has under load)
// the counters are zeroed, the measured bookings are made, the platform is left to finish what they
// set off (outbox relays, consumers), and the counters are dumped. Only user-space instructions
// count: the kernel's side of system calls does not, nor do MariaDB and Kafka in distributed mode.
//
// Not part of the full run (it takes ten minutes or more): npm run bench -- instructions
// BENCH_INSTRUCTIONS_BOOKINGS=200 BENCH_INSTRUCTIONS_WARM_UP=300 BENCH_MODES=embedded are the defaults;
// BENCH_INSTRUCTIONS_ENV="NAME=value ..." and BENCH_INSTRUCTIONS_NODE_ARGS set the apps' settings and node flags;
// BENCH_MODES=distributed BENCH_INSTRUCTIONS_APPS="book mypage" counts those apps only, the rest run at full speed.
// The dumps stay in data/bench-instructions/<suite>/: bench/callgrind-summary.mjs reads them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { partOf, readCallgrind } from './lib/callgrind.mjs';
import { round } from './lib/load.mjs';
import { root } from './lib/paths.mjs';
import { pause, Platform } from './lib/platform.mjs';
import { runLine, table } from './lib/report.mjs';
import { appSettings, words } from './lib/settings.mjs';
import { addScreenings, bookMany, SeatSequence, seatBooker } from './lib/seats.mjs';

export const name = 'instructions';
/** Left out of `npm run bench` without names: it runs only when asked for. */
export const onlyWhenNamed = true;
const BASE_PORT = 19040;
/** One booking at a time: what they cost alone, and the same interleaving in every run. */
const CONNECTIONS = 1;
/** Long enough for every consumer's poll and batch to finish what the last booking set off. */
const SETTLE_MS = 5_000;
const IDLE_MS = 10_000;

export async function run({ modes = ['embedded'] } = {}) {
  const settings = instructionSettings();
  // For bench/callgrind-summary.mjs: EMBEDDED_THREADS=none and --perf-basic-prof name the JavaScript.
  const env = appSettings('BENCH_INSTRUCTIONS_ENV');
  const nodeArgs = words('BENCH_INSTRUCTIONS_NODE_ARGS');
  const runs = [];
  for (const mode of modes) runs.push(await countInstructions({ mode, ...settings, env, nodeArgs }));
  return { connections: CONNECTIONS, ...settings, runs };
}

/**
 * How many bookings warm up and how many are counted, and in distributed mode which apps are
 * counted (BENCH_INSTRUCTIONS_APPS="book mypage"; all when unset); bench:ab reads them too.
 */
export const instructionSettings = () => ({
  bookings: Number(process.env.BENCH_INSTRUCTIONS_BOOKINGS ?? 200),
  warmUp: Number(process.env.BENCH_INSTRUCTIONS_WARM_UP ?? 300),
  apps: words('BENCH_INSTRUCTIONS_APPS'),
});

/**
 * @param {object} options
 * @param {'embedded'|'distributed'} options.mode
 * @param {number} options.bookings measured bookings
 * @param {number} options.warmUp bookings before the counters are zeroed
 * @param {string} [options.appRoot] whose dist/ runs
 * @param {Record<string,string>} [options.env]
 * @param {string[]} [options.nodeArgs]
 * @param {string} [options.suite]
 * @param {number} [options.basePort]
 * @param {string[]} [options.apps] distributed mode: the apps counted, each under callgrind; the rest
 *   run straight on node (a whole platform under callgrind, twice for bench:ab, is slow enough on
 *   two cores for MariaDB to drop its connections mid-handshake)
 */
export async function countInstructions({ mode, bookings, warmUp, appRoot, env = {}, nodeArgs = [], suite = `instructions-${mode}`, basePort = BASE_PORT, apps = [] }) {
  if (apps.length > 0 && mode !== 'distributed') throw new Error('BENCH_INSTRUCTIONS_APPS picks apps of the distributed mode; the embedded mode runs them all in one process');
  const outDir = join(root, 'data', 'bench-instructions', suite);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const platform = new Platform({
    suite,
    mode,
    basePort,
    appRoot,
    nodeArgs,
    env: {
      // Every timeout on the booking path is far too short for a process fifty times slower.
      BOOK_PAYMENT_TIMEOUT_MS: '60000',
      // Work on a timer is counted by the second, not by the booking: fifty times slower, each
      // booking would carry fifty times its share, and a run slowed by other work more. Commits
      // wake the outbox relays; the polls and sweeps are only their safety nets.
      OUTBOX_POLL_MS: '60000',
      BOOK_RECONCILE_INTERVAL_MS: '3600000',
      BOOK_HOLD_SWEEP_INTERVAL_MS: '3600000',
      ...env,
    },
    launcher: ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${join(outDir, 'callgrind.%p')}`],
    launched: apps.length > 0 ? apps : undefined,
    readyTimeoutMs: 20 * 60_000,
  });
  const started = performance.now();
  await platform.start();
  const startSeconds = round((performance.now() - started) / 1000, 0);
  try {
    await addScreenings(platform, 1);
    const book = seatBooker(platform, new SeatSequence(1), { 'x-customer-id': 'bench-instructions' });
    const progress = (label, total) => (done) => {
      if (done % 50 === 0) process.stdout.write(`[instructions ${mode}] ${label} ${done}/${total}\n`);
    };
    await bookMany(book, { count: warmUp, connections: CONNECTIONS, onAnswer: progress('warm-up', warmUp) });
    const pids = Object.fromEntries(Object.entries(platform.pids()).filter(([app]) => apps.length === 0 || apps.includes(app)));
    await settle(platform, Object.keys(pids));
    // What the platform runs with nothing to do (polls, timers): part of every measured window too.
    const idle = await idleWindow(outDir, pids);
    for (const pid of Object.values(pids)) callgrind('--zero', pid);
    const measuredAt = performance.now();
    const statuses = (await bookMany(book, { count: bookings, connections: CONNECTIONS, onAnswer: progress('measured', bookings) })).map((answer) => answer.status);
    await settle(platform, Object.keys(pids));
    const byApp = Object.fromEntries(Object.entries(pids).map(([app, pid]) => [app, dumpedInstructions(outDir, pid)]));
    const windowSeconds = (performance.now() - measuredAt) / 1000;
    // Idle again, now that V8 has compiled what the bookings ran: the platform's own work by the
    // second (Kafka's fetches and heartbeats, timers), which the measured window holds some of. It
    // is not taken out: a consumer busy with bookings does not poll as it does idle, so the idle
    // rate times the window overstates it (a try gave my page 1.74 and 0.84 million a booking).
    const idleAfter = await idleWindow(outDir, pids);
    const booked = statuses.filter((status) => status === 201).length;
    const millions = (count) => round(count / Math.max(1, booked) / 1e6, 2);
    const total = sumParts(Object.values(byApp));
    return {
      mode,
      booked,
      other: bookings - booked,
      startSeconds,
      measuredSeconds: round(windowSeconds, 0),
      idleMillionInstructionsPerSecond: round(idle.total / (IDLE_MS / 1000) / 1e6, 2),
      idleAfterPlatformMillionInstructionsPerSecond: round(idleAfter.platform / (IDLE_MS / 1000) / 1e6, 2),
      millionInstructionsPerBooking: Object.fromEntries(Object.entries(total).map(([part, count]) => [part, millions(count)])),
      platformMillionInstructionsPerBookingByApp: Object.fromEntries(Object.entries(byApp).map(([app, parts]) => [app, millions(parts.platform)])),
    };
  } finally {
    await platform.dispose();
  }
}

/**
 * Waits SETTLE_MS, and in distributed mode until the counted apps' consumer groups have committed
 * every message of the run's topics: under callgrind a consumer falls far behind bookings that
 * come quickly (book at full speed), and counters read before it caught up would miss part of the
 * bookings' work and put it in the next window.
 */
async function settle(platform, apps) {
  await pause(SETTLE_MS);
  if (platform.mode !== 'distributed') return;
  const deadline = performance.now() + 10 * 60_000;
  let lag;
  while ((lag = await platform.consumerLag(apps)) > 0) {
    if (performance.now() > deadline) throw new Error(`${apps.join(', ')} still had ${lag} messages to consume ten minutes after the bookings`);
    await pause(1_000);
  }
}

/** The counted processes' instructions by part over IDLE_MS with no bookings. */
async function idleWindow(outDir, pids) {
  for (const pid of Object.values(pids)) callgrind('--zero', pid);
  await pause(IDLE_MS);
  return sumParts(Object.values(pids).map((pid) => dumpedInstructions(outDir, pid)));
}

const sumParts = (counts) =>
  counts.reduce((sum, parts) => Object.fromEntries(Object.keys(parts).map((part) => [part, (sum[part] ?? 0) + parts[part]])), {});

const callgrind = (flag, pid) => execFileSync('callgrind_control', [flag, String(pid)], { stdio: 'pipe', timeout: 120_000 });

/** Dumps a process's counters (zeroed after the warm-up) and sums the new file's own costs by part. */
function dumpedInstructions(outDir, pid) {
  callgrind('--dump', pid);
  const dumps = readdirSync(outDir).filter((file) => file.startsWith(`callgrind.${pid}.`));
  const newest = dumps.sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).pop();
  if (!newest) throw new Error(`callgrind wrote no dump for process ${pid} in ${outDir}`);
  return instructionsByPart(readFileSync(join(outDir, newest), 'utf8'));
}

/** A dump's own instructions by part: the platform's own, the garbage collector, the optimizing compiler. */
export function instructionsByPart(text) {
  const parts = { platform: 0, gc: 0, compiler: 0 };
  readCallgrind(text, { own: (fn, object, count) => (parts[partOf(fn)] += count) });
  return { total: parts.platform + parts.gc + parts.compiler, ...parts };
}

export function render(result) {
  const rows = result.runs.map((run) => [
    run.mode,
    run.booked,
    run.other,
    run.millionInstructionsPerBooking.total,
    `**${run.millionInstructionsPerBooking.platform}**`,
    run.millionInstructionsPerBooking.gc,
    run.millionInstructionsPerBooking.compiler,
    Object.entries(run.platformMillionInstructionsPerBookingByApp).map(([app, count]) => `${app} ${count}`).join(', '),
    run.idleMillionInstructionsPerSecond,
    `${run.idleAfterPlatformMillionInstructionsPerSecond} (${run.measuredSeconds} s measured)`,
  ]);
  return `## 9. Instructions a booking

${result.bookings} one-seat bookings through the gateway, one at a time, after ${result.warmUp} to warm up, every app
process under valgrind's callgrind, which counts the instructions each process runs in user space
(the kernel's side of system calls is not counted, nor MariaDB's or Kafka's). A count barely
depends on how fast or how busy the machine is, so two builds can be compared in one run each
(\`BENCH_AB_METRIC=instructions npm run bench:ab\`, top of this page). The platform's own part
leaves out V8's optimizing compiler and garbage collector, whose share in a few hundred bookings
depends on when V8 chose to run them. The processes run about fifty times slower than without
valgrind, so this is a booking's cost alone, like section 7's, not at 64 connections; and the
outbox relays' polls and book's sweeps are stretched to a minute or more, since work on a timer
would be counted fifty times over (commits wake the relays). In distributed mode the counters are
read once the counted apps' consumer groups have caught up. The last column is the platform's own
work by the second once that is done (Kafka's fetches and heartbeats, timers): some of it is in
every measured window, so a slow run divides more of it among its bookings.

${table(['mode', 'booked', 'not booked', 'million instructions a booking', 'of which the platform\'s own', 'garbage collector', 'optimizing compiler', 'the platform\'s own, by process', 'idle, million a second', 'the platform\'s own, idle after, million a second'], rows)}

${runLine(result)}`;
}

export const summary = (result) =>
  result.runs.map((run) => `${run.mode}: ${run.millionInstructionsPerBooking.platform} million instructions a booking (the platform's own), ${run.millionInstructionsPerBooking.total} in all`).join('\n');
