// 6. Memory: resident set (VmRSS from /proc/<pid>/status) of each process, idle after start-up
// and at its peak under the throughput benchmark's booking load: each app's process in
// distributed mode, and the one process (all six apps, in its threads) in embedded mode.
import { pause, rssMiB } from './lib/platform.mjs';
import { runLine, table, writeChart } from './lib/report.mjs';
import { barChart } from './lib/svg.mjs';
import { bookings } from './throughput.mjs';

export const name = 'memory';
const IDLE_SECONDS = 10;

export async function run({ seconds = 30, modes = ['embedded', 'distributed'] } = {}) {
  const runs = [];
  for (const mode of modes) runs.push(await measure(mode, seconds));
  return { seconds, idleSeconds: IDLE_SECONDS, runs };
}

async function measure(mode, seconds) {
  let idle;
  const peak = {};
  const sample = (platform) => Object.fromEntries(Object.entries(platform.pids()).map(([process, pid]) => [process, rssMiB(pid)]));
  const run = await bookings(mode, seconds, {
    onStarted: async (platform) => {
      await pause(IDLE_SECONDS * 1000);
      idle = sample(platform);
      process.stdout.write(`[memory ${mode}] idle RSS MiB ${JSON.stringify(idle)}\n`);
    },
    onSecond: (platform) => {
      for (const [name, mib] of Object.entries(sample(platform))) peak[name] = Math.max(peak[name] ?? 0, mib);
    },
  });
  process.stdout.write(`[memory ${mode}] peak RSS MiB under load ${JSON.stringify(peak)}\n`);
  return { mode, idle, peak, bookingsPerSecond: run.bookingsPerSecond, loadAverageAtLoadStart: run.loadAverageAtStart };
}

const total = (values) => Math.round(Object.values(values).reduce((sum, mib) => sum + mib, 0));

function rowsOf(run) {
  const processes = Object.keys(run.idle);
  if (run.mode === 'embedded') return processes.map((name) => ['embedded', `${name} (all six apps)`, run.idle[name], run.peak[name], run.bookingsPerSecond]);
  return [
    ...processes.map((name) => ['distributed', name, run.idle[name], run.peak[name], run.bookingsPerSecond]),
    ['distributed', '**all six**', total(run.idle), total(run.peak), run.bookingsPerSecond],
  ];
}

export function render(result) {
  const bars = result.runs.flatMap((run) => Object.keys(run.idle).map((name) => ({ name: run.mode === 'embedded' ? 'embedded process' : name, idle: run.idle[name], peak: run.peak[name] })));
  writeChart(
    'memory.svg',
    barChart({
      title: 'Resident memory per process, MiB',
      yLabel: 'MiB',
      categories: bars.map((bar) => bar.name),
      series: [
        { name: 'idle', values: bars.map((bar) => bar.idle) },
        { name: 'peak under load', values: bars.map((bar) => bar.peak) },
      ],
    }),
  );
  return `## 6. Memory

Resident memory (VmRSS in \`/proc/<pid>/status\`) of each process: every app's own in distributed mode
(MariaDB, Kafka), the one process that runs all six apps in its threads in embedded mode (SQLite, the
in-memory bus). Idle ${result.idleSeconds} s after start-up, and the highest of one-second samples during ${result.seconds} s of booking
load at 64 connections through the gateway.

${table(['mode', 'process', 'idle MiB', 'peak under load MiB', 'bookings/s under load'], result.runs.flatMap(rowsOf))}

![memory](bench/memory.svg)

${runLine(result)}`;
}

export const summary = (result) => result.runs.map((run) => `${run.mode}: memory idle ${JSON.stringify(run.idle)} peak ${JSON.stringify(run.peak)}`).join('\n');
