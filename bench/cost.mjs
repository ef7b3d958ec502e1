// 7. Cost of one booking: CPU time the platform's processes spend per booked seat, from /proc,
// at a modest 8 connections and with a generous payment timeout so every booking goes through.
// Unlike a rate, it barely depends on how busy the machine is, so it says what two dedicated
// cores could serve: 2,000 ms / (CPU ms per booking).
import { percentile } from './lib/load.mjs';
import { Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table } from './lib/report.mjs';
import { addScreenings, bookMany, SeatSequence, seatBooker } from './lib/seats.mjs';

export const name = 'cost';
const BASE_PORT = { embedded: 19020, distributed: 19020 };
const CONNECTIONS = 8;
const WARM_UP = 100;

export async function run({ modes = ['embedded', 'distributed'] } = {}) {
  const bookings = Number(process.env.BENCH_COST_BOOKINGS ?? 1000);
  const runs = [];
  for (const mode of modes) runs.push(await measure(mode, bookings));
  return { connections: CONNECTIONS, bookings, runs };
}

async function measure(mode, bookings) {
  const platform = new Platform({ suite: `cost-${mode}`, mode, basePort: BASE_PORT[mode], env: { BOOK_PAYMENT_TIMEOUT_MS: '10000' } });
  await platform.start();
  try {
    await addScreenings(platform, 1);
    const book = seatBooker(platform, new SeatSequence(1));
    await bookMany(book, { count: WARM_UP, connections: 1 });
    const loadAverageAtStart = loadAverage();
    const cpuBefore = platform.cpuSeconds();
    const started = performance.now();
    const answers = await bookMany(book, {
      count: bookings,
      connections: CONNECTIONS,
      onAnswer: (done) => done % 200 === 0 && process.stdout.write(`[cost ${mode}] ${done}/${bookings} bookings\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = platform.cpuSeconds() - cpuBefore;
    const booked = answers.filter((a) => a.status === 201).length;
    return {
      mode,
      loadAverageAtStart,
      booked,
      other: answers.length - booked,
      perSecond: Math.round(answers.length / seconds),
      latency: { p50: percentile(answers.map((a) => a.ms), 50), p99: percentile(answers.map((a) => a.ms), 99) },
      cpuMsPerBooking: Math.round((100 * 1000 * cpuSeconds) / Math.max(1, booked)) / 100,
      appCpuCores: Math.round((100 * cpuSeconds) / seconds) / 100,
    };
  } finally {
    await platform.dispose();
  }
}

export function render(result) {
  const rows = result.runs.map((run) => [
    run.mode, run.booked, run.other, run.perSecond, `${run.latency.p50} / ${run.latency.p99}`, run.appCpuCores,
    `**${run.cpuMsPerBooking}**`, Math.round(2000 / run.cpuMsPerBooking), run.loadAverageAtStart,
  ]);
  return `## 7. Cost of one booking

${result.bookings} one-seat bookings through the gateway at ${result.connections} connections, after ${WARM_UP} to warm up, with book's
payment timeout raised to 10 s so that every booking completes; CPU time (user + system) of all the
platform's processes from \`/proc/<pid>/stat\`. MariaDB and Kafka are not counted.

${table(['mode', 'booked', 'not booked', 'bookings/s here', 'p50 / p99 ms', 'app CPU cores used', 'app CPU ms per booking', 'bound on 2 dedicated cores (/s)', 'load avg at start'], rows)}

${runLine(result)}`;
}

export const summary = (result) => result.runs.map((run) => `${run.mode}: ${run.cpuMsPerBooking} CPU ms per booking`).join('\n');
