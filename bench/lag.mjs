// 4. Read-model lag: from a booking's 201 to the moment GET /mypages/:id finds it, through the
// gateway, while bookings arrive at a steady pace. Polled back to back, so a figure is at most
// one poll's round trip late. The apps export their spans to the script (OTLP), which splits
// each lag into the stages of the event that reached my page first.
import { writeFileSync } from 'node:fs';
import { percentile } from './lib/load.mjs';
import { pause, Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table, writeChart } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';
import { SpanCollector } from './lib/spans.mjs';
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
  const collector = new SpanCollector();
  const env = {
    // A busy machine must not turn this into a payment experiment: payment gets a generous timeout.
    BOOK_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
    OTEL_EXPORTER_OTLP_ENDPOINT: await collector.start(),
  };
  const platform = new Platform({ suite: `lag-${mode}`, mode, basePort: BASE_PORT[mode], env });
  const samples = [];
  let result;
  await platform.start();
  try {
    await addScreenings(platform, 1);
    const seats = new SeatSequence(1);
    // One booking first, so connections and the consumers are warm.
    await bookAndWatch(platform, seats.bookingBody());
    const loadAverageAtStart = loadAverage();
    const started = performance.now();
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
    result = {
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
    // The apps send what spans they still hold as they shut down.
    await platform.dispose();
    await collector.stop();
  }
  if (process.env.BENCH_SPANS_FILE) writeFileSync(process.env.BENCH_SPANS_FILE, collector.spans.map((span) => JSON.stringify(span)).join('\n'));
  return { ...result, stages: summarizeStages(lagStages(samples, collector.spans)) };
}

/**
 * Each lag split at the event my page applied first (payment's or book's, whichever came
 * first): when it was published relative to the 201 (negative: before it), its way through the
 * transport to my page's handler, the handler's transaction, and the wait until the script's
 * next poll saw the booking. The four add up to the lag.
 */
function lagStages(samples, spans) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const firstApplied = new Map();
  for (const span of spans) {
    if (span.service !== 'mypage' || span.kind !== CONSUMER) continue;
    const bookingId = span.attributes['booking.id'];
    if (!firstApplied.has(bookingId) || span.end < firstApplied.get(bookingId).end) firstApplied.set(bookingId, span);
  }
  return samples.flatMap((sample) => {
    const applied = sample.lagMs === undefined ? undefined : firstApplied.get(sample.bookingId);
    const published = applied && byId.get(applied.parentSpanId);
    if (!published) return [];
    return [{
      topic: published.attributes['messaging.destination.name'],
      published: published.end - sample.answeredAt,
      delivered: applied.start - published.end,
      applied: applied.end - applied.start,
      seen: sample.answeredAt + sample.lagMs - applied.end,
    }];
  });
}

const CONSUMER = 5;
const STAGES = ['published', 'delivered', 'applied', 'seen'];

function summarizeStages(stages) {
  const topics = {};
  for (const { topic } of stages) topics[topic] = (topics[topic] ?? 0) + 1;
  return {
    traced: stages.length,
    topics,
    ...Object.fromEntries(STAGES.map((stage) => {
      const values = stages.map((s) => s[stage]);
      return [stage, { p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99) }];
    })),
  };
}

async function bookAndWatch(platform, body) {
  const sent = performance.now();
  const response = await fetch(`${platform.gateway}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const booking = await response.json();
  const booked = performance.now();
  if (response.status !== 201) return { status: response.status, bookMs: booked - sent };
  // On the spans' clock (epoch milliseconds), to split the lag into stages.
  const answered = { status: 201, bookMs: booked - sent, bookingId: booking.id, answeredAt: performance.timeOrigin + booked };
  while (performance.now() - booked < GIVE_UP_MS) {
    const page = await fetch(`${platform.gateway}/mypages/${booking.id}`);
    await page.arrayBuffer();
    if (page.status === 200) return { ...answered, lagMs: Math.round((performance.now() - booked) * 10) / 10 };
  }
  return answered;
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

Where the lag goes, from the apps' spans (exported to the script over OTLP): each booking's lag
split at the event my page applied first. *Published*: when its producer's outbox relay had it
acknowledged by the transport, relative to the 201 (negative: before the 201 was sent);
*delivered*: from there to my page's handler; *applied*: my page's transaction; *seen*: until the
script's next poll found the booking. The four add up to the lag; each column is p50 / p90 / p99 ms.

${table(['mode', 'traced', 'first event', 'published', 'delivered', 'applied', 'seen'], result.runs.map(stageRow))}

![read-model lag](bench/lag.svg)

${runLine(result)}`;
}

function stageRow(run) {
  const { stages } = run;
  if (!stages || stages.traced === 0) return [run.mode, 0, '-', '-', '-', '-', '-'];
  const spread = ({ p50, p90, p99 }) => `${p50} / ${p90} / ${p99}`;
  const topics = Object.entries(stages.topics).map(([topic, count]) => `${topic} ${count}`).join(', ');
  return [run.mode, stages.traced, topics, spread(stages.published), spread(stages.delivered), spread(stages.applied), spread(stages.seen)];
}

export const summary = (result) => result.runs.map((run) => `${run.mode}: lag p50 ${run.lag.p50} ms, p99 ${run.lag.p99} ms`).join('\n');
