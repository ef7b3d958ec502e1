// 10. Latency against load: one-seat bookings through the gateway at fixed rates, a step at a
// time, in both modes; p50 and p99 at each rate, and the highest rate whose p99 stays under the
// targets' 50 ms. Section 2's 64 connections put a queue of 64 in front of the platform at any
// rate; here requests come when they are due, as users' would (bench/lib/load.mjs, runOpenLoad).
// The rates are shares of what the platform books at 64 connections, measured first, so that
// every machine gets steps on both sides of its knee.
import { runLoad, runOpenLoad } from './lib/load.mjs';
import { Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table, writeChart } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';
import { lineChart } from './lib/svg.mjs';

export const name = 'latency';
// The cost benchmark's ports: the suites run one after another.
const BASE_PORT = 19020;
const CAPACITY_SECONDS = 8;
const TARGET_P99_MS = 50;
/** Offered rates, as shares of the capacity measured; a mode stops at the first step it cannot carry. */
const SHARES = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1];
/** Seats for up to this many bookings a second for the whole run (section 2 books at most about 1,100). */
const SEAT_BUDGET_PER_SECOND = 2000;
/** A step whose p99 is past this is past the knee: the next, faster steps would only queue more. */
const GIVE_UP_P99_MS = 1000;
/** The chart's latency axis ends here, so that the steps under the target stay readable. */
const CHART_CAP_MS = 500;
/**
 * Distributed mode: run the apps that only consume events at a lower CPU priority (`nice -n`), as
 * Kubernetes' CPU requests do for their pods (k8s/: 200m for gateway, book and payment, 100m for the
 * consumers), so that their catching up waits for the bookings rather than the other way round.
 */
const CONSUMER_NICENESS = process.env.BENCH_CONSUMER_NICENESS;
const CONSUMERS = ['ticket', 'mypage', 'notification'];

export async function run({ seconds = 10, modes = ['embedded', 'distributed'] } = {}) {
  const runs = [];
  for (const mode of modes) runs.push(await steps(mode, seconds));
  return { seconds, targetP99Ms: TARGET_P99_MS, consumerNiceness: CONSUMER_NICENESS ?? null, runs };
}

async function steps(mode, seconds) {
  const platform = new Platform({
    suite: `latency-${mode}`,
    mode,
    basePort: BASE_PORT,
    // As in section 2: the platform's own queue, not the payment breaker, decides the latency.
    env: { BOOK_PAYMENT_TIMEOUT_MS: '10000' },
    ...(mode === 'distributed' && CONSUMER_NICENESS ? { launcher: ['nice', '-n', CONSUMER_NICENESS], launched: CONSUMERS } : {}),
  });
  await platform.start();
  try {
    const screenings = Math.ceil(((CAPACITY_SECONDS + seconds * SHARES.length) * SEAT_BUDGET_PER_SECOND) / 25_974);
    await addScreenings(platform, screenings);
    const seats = new SeatSequence(screenings);
    const options = { url: platform.gateway, path: '/books', body: () => seats.bookingBody() };
    const loadAverageAtStart = loadAverage();
    // Also the warm-up: the second half of the run, once V8 has compiled the hot path, is the capacity.
    const warm = await runLoad({ ...options, label: `${mode} capacity at 64 connections`, connections: 64, durationSeconds: CAPACITY_SECONDS });
    const later = warm.timeline.slice(Math.floor(CAPACITY_SECONDS / 2), CAPACITY_SECONDS);
    const capacity = Math.round(later.reduce((sum, second) => sum + (second.statuses['201'] ?? 0), 0) / Math.max(1, later.length));
    const results = [];
    for (const perSecond of [...new Set(SHARES.map((share) => Math.max(1, Math.round(share * capacity))))]) {
      // Each step starts on a quiet platform, not beside the consumers still working off the last one's events.
      const quietAfterMs = await platform.waitQuiet();
      process.stdout.write(`[${mode} ${perSecond}/s] starts: the platform was quiet after ${(quietAfterMs / 1000).toFixed(1)} s\n`);
      const load = await runOpenLoad({ ...options, label: `${mode} ${perSecond}/s`, perSecond, durationSeconds: seconds });
      results.push({ perSecond, quietAfterMs, load, bookedPerSecond: Math.round((load.statuses['201'] ?? 0) / Math.max(load.sentSeconds, seconds)) });
      if (load.fellBehind || !(load.latency.p99 <= GIVE_UP_P99_MS)) break;
    }
    const underTarget = results.filter((step) => !step.load.fellBehind && step.load.latency.p99 < TARGET_P99_MS && onlyBooked(step.load));
    return { mode, loadAverageAtStart, capacity, steps: results, bestUnderTarget: underTarget.at(-1)?.perSecond ?? null };
  } finally {
    await platform.dispose();
  }
}

/** How long the steps waited for a quiet platform, for the page. */
function quietWaits(result) {
  const waits = result.runs.flatMap((run) => run.steps.map((step) => step.quietAfterMs)).filter((ms) => ms !== undefined);
  if (waits.length === 0) return 'not recorded in this run';
  return `each waited ${(Math.min(...waits) / 1000).toFixed(1)}-${(Math.max(...waits) / 1000).toFixed(1)} s`;
}

/** Every request of the step was answered 201: a rate that fails bookings is not one the platform carries. */
const onlyBooked = (load) => Object.keys(load.statuses).every((status) => status === '201');

export function summary(result) {
  return result.runs.map((run) => `${run.mode}: p99 under ${result.targetP99Ms} ms up to ${run.bestUnderTarget ?? 'none of the rates'} bookings/s`).join('\n');
}

export function render(result) {
  const rows = result.runs.flatMap((run) => run.steps.map((step) => [
    run.mode,
    step.perSecond,
    `${Math.round((100 * step.perSecond) / run.capacity)} %`,
    step.load.fellBehind ? `${step.load.sent} (stopped at ${step.load.sentSeconds} s)` : step.load.sent,
    step.bookedPerSecond,
    Object.entries(step.load.statuses).map(([code, n]) => `${code}: ${n}`).join(', '),
    step.load.latency.p50,
    step.load.latency.p99 < result.targetP99Ms ? `**${step.load.latency.p99}**` : step.load.latency.p99,
    step.load.latency.max,
  ]));
  const capped = (ms) => Math.min(ms, CHART_CAP_MS);
  writeChart(
    'latency.svg',
    lineChart({
      title: `p99 latency of a booking against the rate offered (axis ends at ${CHART_CAP_MS} ms)`,
      xLabel: 'bookings offered a second',
      yLabel: 'p99 ms',
      series: [
        ...result.runs.map((run) => ({ name: run.mode, points: run.steps.map((step) => [step.perSecond, capped(step.load.latency.p99)]) })),
        { name: `target ${result.targetP99Ms} ms`, color: '#999999', points: [[0, result.targetP99Ms], [Math.max(...result.runs.flatMap((run) => run.steps.map((step) => step.perSecond))), result.targetP99Ms]] },
      ],
    }),
  );
  const best = result.runs
    .map((run) => `${run.mode} **${run.bestUnderTarget ?? 'none of the rates'}**${run.bestUnderTarget ? ` (${Math.round((100 * run.bestUnderTarget) / run.capacity)} % of its capacity)` : ''}`)
    .join(', ');
  const capacities = result.runs.map((run) => `${run.mode} ${run.capacity}`).join(', ');
  return `## 10. Latency against load

One-seat bookings through the gateway at fixed rates, ${result.seconds} s a step. Each request is sent when it is
due, whatever the answers' pace, and its latency is counted from then, so a platform that falls
behind shows its queue in the figures (an open loop; section 2's 64 connections wait for their
answers, so its latency is that of a queue of 64 at any rate). The rates are shares of the
platform's capacity on the machine of the run, measured first as the bookings a second at 64
connections over the last ${CAPACITY_SECONDS / 2} s of ${CAPACITY_SECONDS} (bookings/s: ${capacities}). A mode stops at the first step it
cannot carry: more than a second's worth of requests waiting for answers (the rest of the step
is not sent), or a p99 over ${GIVE_UP_P99_MS} ms. Each step starts once the platform's processes have used
less than 0.15 of a core for a second (${quietWaits(result)}): the capacity run and each step leave events
for the consumers, and a step begun beside them measured their work, not its rate. Book's payment
timeout is 10 s, as in section 2.${result.consumerNiceness ? ` In this run the distributed mode's ${CONSUMERS.join(', ')} ran under \`nice -n ${result.consumerNiceness}\`.` : ''}

${table(['mode', 'offered/s', 'of capacity', 'sent', 'booked/s', 'answers', 'p50 ms', 'p99 ms', 'max ms'], rows)}

Highest rate offered with every request booked and p99 under ${result.targetP99Ms} ms: ${best} bookings/s.

![latency against load](bench/latency.svg)

${runLine(result)}`;
}
