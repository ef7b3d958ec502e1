// 1. Overload, the original system's siege experiment: payment slowed to 400-620 ms a charge,
// 100 connections booking through the gateway for 60 s. Run with book's breaker as configured
// by default, then with it effectively disabled, side by side; then with the breaker on again and
// clients that wait as long as a 503's Retry-After says, as the web page does and siege did not;
// then with a payment timeout that fits the slowed payment.
import { runLoad, runPoliteLoad } from './lib/load.mjs';
import { Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table, writeChart } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';
import { lineChart } from './lib/svg.mjs';

export const name = 'overload';
const CONNECTIONS = 100;
const DELAY_MS = [400, 620];
const SAMPLE_MS = 500;
const BASE_PORT = 19070;
/** Never reached in practice (1000 consecutive failures), and open for the shortest time allowed. */
const BREAKER_OFF = { BOOK_BREAKER_THRESHOLD: '1000', BOOK_BREAKER_OPEN_MS: '100' };
const variants = [
  { breaker: 'on', title: 'breaker on (defaults: 5 failures, 5 s open)', env: {}, port: 0 },
  { breaker: 'off', title: 'breaker off (threshold 1000, open 100 ms)', env: BREAKER_OFF, port: 6 },
  // The same platform as "on"; only the clients differ: after a 503 each waits what Retry-After says.
  { breaker: 'on-polite', title: 'breaker on, clients wait Retry-After after a 503', env: {}, port: 16, polite: true },
  // The original's 610 ms is shorter than the slowed payment's own 400-620 ms: this run gives payment
  // a timeout above that, so only a payment slower than its normal slowness counts as failing.
  { breaker: 'on-1500', title: 'breaker on, payment timeout 1,500 ms', env: { BOOK_PAYMENT_TIMEOUT_MS: '1500' }, port: 22 },
];

// Distributed by default, as the original ran it: payment in a process of its own, so its delay is
// the injected one and not also the wait for a shared event loop.
export async function run({ seconds = 60, modes = ['distributed'] } = {}) {
  const mode = modes[0];
  const runs = [];
  for (const variant of variants) runs.push(await overload(mode, seconds, variant));
  return { mode, seconds, connections: CONNECTIONS, delayMs: DELAY_MS, runs };
}

async function overload(mode, seconds, variant) {
  const platform = new Platform({ suite: `overload-${variant.breaker}`, mode, basePort: BASE_PORT + variant.port, env: variant.env });
  await platform.start();
  try {
    const screenings = Math.ceil((seconds * 5000) / 25_974);
    await addScreenings(platform, screenings);
    const seats = new SeatSequence(screenings);
    const faults = await fetch(`${platform.url('payment')}/internal/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayMs: DELAY_MS, failureRate: 0 }),
    });
    if (!faults.ok) throw new Error(`payment refused the fault settings: ${faults.status} ${await faults.text()}`);
    const loadAverageAtStart = loadAverage();
    const started = performance.now();
    const breaker = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = (performance.now() - started) / 1000;
        breaker.push([Math.round(at * 10) / 10, await breakerState(platform)]);
        await new Promise((done) => setTimeout(done, SAMPLE_MS - (((performance.now() - started) % SAMPLE_MS) || 0)));
      }
    })();
    const load = await (variant.polite ? runPoliteLoad : runLoad)({
      label: `overload, breaker ${variant.breaker}`,
      url: platform.gateway,
      connections: CONNECTIONS,
      durationSeconds: seconds,
      path: '/books',
      body: () => seats.bookingBody(),
    });
    sampling = false;
    await sampler;
    return { breaker: variant.breaker, title: variant.title, loadAverageAtStart, load, breakerStates: breaker };
  } finally {
    await platform.dispose();
  }
}

async function breakerState(platform) {
  try {
    const response = await fetch(`${platform.url('book')}/health/ready`, { signal: AbortSignal.timeout(2000) });
    const body = await response.json();
    return body.info?.payment?.breaker ?? body.error?.payment?.breaker ?? 'unknown';
  } catch {
    return 'no answer';
  }
}

const count = (load, code) => load.statuses[code] ?? 0;
const share = (load, code) => `${((100 * count(load, code)) / load.requests).toFixed(1)} %`;

/** Open periods as [from, to) ranges of the samples. */
function openBands(states) {
  const bands = [];
  states.forEach(([at, state], i) => {
    if (state !== 'open' && state !== 'isolated') return;
    const to = states[i + 1]?.[0] ?? at + SAMPLE_MS / 1000;
    const last = bands.at(-1);
    if (last && last.to === at) last.to = to;
    else bands.push({ from: at, to, name: 'breaker open' });
  });
  return bands;
}

export function render(result) {
  const rows = result.runs.map((run) => {
    const { load } = run;
    const other = Object.entries(load.statuses).filter(([code]) => !['201', '503', '500'].includes(code));
    const openSamples = run.breakerStates.filter(([, state]) => state === 'open').length;
    return [
      run.title,
      load.requests,
      `${count(load, '201')} (${share(load, '201')})`,
      `${count(load, '503')} (${share(load, '503')})`,
      count(load, '500'),
      other.map(([code, n]) => `${code}: ${n}`).join(', ') || 'none',
      `${load.latency.p50} / ${load.latency.p99}`,
      `${load.latencyByStatus['201']?.p50 ?? '-'} / ${load.latencyByStatus['201']?.p99 ?? '-'}`,
      `${load.latencyByStatus['503']?.p50 ?? '-'} / ${load.latencyByStatus['503']?.p99 ?? '-'}`,
      `${Math.round((100 * openSamples) / Math.max(1, run.breakerStates.length))} %`,
      run.loadAverageAtStart,
    ];
  });
  for (const run of result.runs) {
    const timeline = run.load.timeline;
    writeChart(
      `overload-breaker-${run.breaker}.svg`,
      lineChart({
        title: `Overload, ${run.title}`,
        xLabel: 'seconds',
        yLabel: 'answers per second',
        series: [
          { name: '201 booked', color: '#2ca02c', points: timeline.map((b) => [b.t, b.statuses['201'] ?? 0]) },
          { name: '503 fallback', color: '#ff7f0e', points: timeline.map((b) => [b.t, b.statuses['503'] ?? 0]) },
          { name: 'other (500, 504)', color: '#d62728', points: timeline.map((b) => [b.t, Object.entries(b.statuses).filter(([c]) => !['201', '503'].includes(c)).reduce((n, [, v]) => n + v, 0)]) },
        ],
        bands: openBands(run.breakerStates),
      }),
    );
  }
  const availability = result.runs.map((run) =>
    `${run.title}: ${share(run.load, '201')} of requests booked, ${(count(run.load, '201') / run.load.durationSeconds).toFixed(1)} bookings/s, ${(run.load.requests / run.load.durationSeconds).toFixed(0)} answers/s`);
  return `## 1. Overload (the original system's siege run)

Payment slowed to ${result.delayMs[0]}-${result.delayMs[1]} ms a charge (\`PUT /internal/faults\` on payment),
${result.connections} connections booking one seat each through the gateway for ${result.seconds} s, ${result.mode} mode;
book's payment timeout is its default 610 ms (the original's Hystrix timeout) except in the last run. Breaker state sampled from book's \`/health/ready\` every
${SAMPLE_MS} ms. The original system reported 63.55 % availability and 17 transactions/s with its breaker.
Here:
${availability.map((line) => `- ${line}`).join('\n')}

${table(['run', 'requests', '201 booked', '503 fast fallback', '500', 'other', 'p50 / p99 ms (all)', '201 p50 / p99', '503 p50 / p99', 'breaker open (share of samples)', 'load avg at start'], rows)}

${table(result.runs.map((run) => run.title), [result.runs.map((run) => `![${run.title}](bench/overload-breaker-${run.breaker}.svg)`)])}

Shaded: the breaker was open.

${runLine(result)}`;
}

export const summary = (result) =>
  result.runs.map((run) => `breaker ${run.breaker}: ${JSON.stringify(run.load.statuses)} p50 ${run.load.latency.p50} p99 ${run.load.latency.p99}`).join('\n');
