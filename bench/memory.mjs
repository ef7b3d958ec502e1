// 6. Memory: resident set (VmRSS from /proc/<pid>/status) of each app of the distributed platform,
// idle after start-up and at its peak under the throughput benchmark's booking load.
import { pause, rssMiB } from './lib/platform.mjs';
import { runLine, table, writeChart } from './lib/report.mjs';
import { barChart } from './lib/svg.mjs';
import { bookings } from './throughput.mjs';

export const name = 'memory';
const IDLE_SECONDS = 10;

export async function run({ seconds = 30 } = {}) {
  let idle;
  const peak = {};
  const sample = (platform) => Object.fromEntries(Object.entries(platform.pids()).map(([app, pid]) => [app, rssMiB(pid)]));
  const run = await bookings('distributed', seconds, {
    onStarted: async (platform) => {
      await pause(IDLE_SECONDS * 1000);
      idle = sample(platform);
      process.stdout.write(`[memory] idle RSS MiB ${JSON.stringify(idle)}\n`);
    },
    onSecond: (platform) => {
      for (const [app, mib] of Object.entries(sample(platform))) peak[app] = Math.max(peak[app] ?? 0, mib);
    },
  });
  process.stdout.write(`[memory] peak RSS MiB under load ${JSON.stringify(peak)}\n`);
  return { seconds, idleSeconds: IDLE_SECONDS, idle, peak, bookingsPerSecond: run.bookingsPerSecond, loadAverageAtLoadStart: run.loadAverageAtStart };
}

export function render(result) {
  const apps = Object.keys(result.idle);
  const total = (values) => Math.round(apps.reduce((sum, app) => sum + values[app], 0));
  writeChart(
    'memory.svg',
    barChart({
      title: 'Resident memory per app (distributed), MiB',
      yLabel: 'MiB',
      categories: apps,
      series: [
        { name: 'idle', values: apps.map((app) => result.idle[app]) },
        { name: 'peak under load', values: apps.map((app) => result.peak[app]) },
      ],
    }),
  );
  return `## 6. Memory

Resident memory (VmRSS in \`/proc/<pid>/status\`) of each app's process in distributed mode (MariaDB, Kafka):
idle ${result.idleSeconds} s after start-up, and the highest of one-second samples during ${result.seconds} s of booking
load at 64 connections through the gateway (${result.bookingsPerSecond} bookings/s in this run).

${table(['app', 'idle MiB', 'peak under load MiB'], [...apps.map((app) => [app, result.idle[app], result.peak[app]]), ['**all six**', total(result.idle), total(result.peak)]])}

![memory](bench/memory.svg)

${runLine(result)}`;
}

export const summary = (result) => `memory idle ${JSON.stringify(result.idle)} peak ${JSON.stringify(result.peak)}`;
