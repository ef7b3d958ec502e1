// 4. Read-model lag: from a booking's 201 to the moment GET /mypages/:id finds it, through the
// gateway, while bookings arrive at a steady pace. Polled back to back, so a figure is at most
// one poll's round trip late.
import { percentile } from './lib/load.mjs';
import { pause, Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table, writeChart } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';
import { lineChart } from './lib/svg.mjs';

export const name = 'lag';
const BASE_PORT = { embedded: 19050, distributed: 19060 };
// Below what this machine sustains distributed (section 7), so the figure is the events' way, not a queue.
const PER_SECOND = 5;
const GIVE_UP_MS = 10_000;
const PAYMENT_TIMEOUT_MS = 5000;

export async function run({ seconds = 20, modes = ['embedded', 'distributed'] } = {}) {
  const runs = [];
  for (const mode of modes) runs.push(await measure(mode, seconds));
  return { perSecond: PER_SECOND, seconds, runs };
}

async function measure(mode, seconds) {
  // A busy machine must not turn this into a payment experiment: payment gets a generous timeout.
  const platform = new Platform({ suite: `lag-${mode}`, mode, basePort: BASE_PORT[mode], env: { BOOK_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS) } });
  await platform.start();
  try {
    await addScreenings(platform, 1);
    const seats = new SeatSequence(1);
    // One booking first, so connections and the consumers are warm.
    await bookAndWatch(platform, seats.bookingBody());
    const loadAverageAtStart = loadAverage();
    const started = performance.now();
    const samples = [];
    const pending = [];
    for (let i = 0; i < seconds * PER_SECOND; i++) {
      pending.push(bookAndWatch(platform, seats.bookingBody()).then((sample) => samples.push({ at: (performance.now() - started) / 1000, ...sample })));
      if (i % PER_SECOND === PER_SECOND - 1) {
        const lags = samples.filter((s) => s.lagMs !== undefined).map((s) => s.lagMs);
        process.stdout.write(`[lag ${mode}] ${Math.round((i + 1) / PER_SECOND)}s/${seconds}s  ${samples.length} seen  p50 ${percentile(lags, 50)} ms  p99 ${percentile(lags, 99)} ms\n`);
      }
      await pause(1000 / PER_SECOND);
    }
    await Promise.all(pending);
    const lags = samples.filter((s) => s.lagMs !== undefined).map((s) => s.lagMs);
    return {
      mode,
      loadAverageAtStart,
      bookings: samples.length,
      notBooked: samples.filter((s) => s.status !== 201).length,
      neverSeen: samples.filter((s) => s.status === 201 && s.lagMs === undefined).length,
      lag: { p50: percentile(lags, 50), p90: percentile(lags, 90), p99: percentile(lags, 99), max: Math.max(...lags) },
      bookingLatency: { p50: percentile(samples.map((s) => s.bookMs), 50), p99: percentile(samples.map((s) => s.bookMs), 99) },
      timeline: samples.filter((s) => s.lagMs !== undefined).map((s) => [Math.round(s.at * 100) / 100, Math.round(s.lagMs * 10) / 10]),
    };
  } finally {
    await platform.dispose();
  }
}

async function bookAndWatch(platform, body) {
  const sent = performance.now();
  const response = await fetch(`${platform.gateway}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const booking = await response.json();
  const booked = performance.now();
  if (response.status !== 201) return { status: response.status, bookMs: booked - sent };
  while (performance.now() - booked < GIVE_UP_MS) {
    const page = await fetch(`${platform.gateway}/mypages/${booking.id}`);
    await page.arrayBuffer();
    if (page.status === 200) return { status: 201, bookMs: booked - sent, lagMs: Math.round((performance.now() - booked) * 10) / 10 };
  }
  return { status: 201, bookMs: booked - sent };
}

export function render(result) {
  const rows = result.runs.map((run) => [
    run.mode === 'distributed' ? 'distributed (Kafka, MariaDB)' : 'embedded (in-memory bus, SQLite)',
    run.bookings,
    run.lag.p50,
    run.lag.p90,
    run.lag.p99,
    run.lag.max,
    run.neverSeen,
    run.notBooked,
    run.loadAverageAtStart,
  ]);
  writeChart(
    'lag.svg',
    lineChart({
      title: 'Read-model lag: booking answered 201 → on my page',
      xLabel: 'seconds into the run',
      yLabel: 'lag (ms)',
      series: result.runs.map((run) => ({ name: run.mode, points: run.timeline })),
    }),
  );
  return `## 4. Read-model lag

${result.perSecond} bookings a second for ${result.seconds} s through the gateway; after each 201 the
script asks \`GET /mypages/:id\` back to back until it answers 200. Target: p99 under 100 ms on Kafka.
Book's payment timeout is raised to ${PAYMENT_TIMEOUT_MS} ms for this run only, so that a busy machine measures
the events' way to my page rather than the breaker.

${table(['mode', 'bookings', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'never seen (10 s)', 'not booked', 'load avg at start'], rows)}

![read-model lag](bench/lag.svg)

${runLine(result)}`;
}

export const summary = (result) => result.runs.map((run) => `${run.mode}: lag p50 ${run.lag.p50} ms, p99 ${run.lag.p99} ms`).join('\n');
