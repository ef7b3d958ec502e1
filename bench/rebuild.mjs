// 5. Rebuild: how fast my page replays its projection from Kafka. 100,000 events (25,000 bookings,
// each confirmed, paid, issued a ticket and printed) are produced straight onto mypage's topics
// under the run's namespace; the live consumer applies them; then POST /mypages/rebuild empties
// the read model and replays them all.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ADMIN_TOKEN, pause, Platform, withMysql } from './lib/platform.mjs';
import { loadAverage, runLine, table } from './lib/report.mjs';

export const name = 'rebuild';
/** 25,000 bookings make the 100,000 events of the issue; BENCH_REBUILD_BOOKINGS for a quick try. */
const BOOKINGS = Number(process.env.BENCH_REBUILD_BOOKINGS ?? 25_000);
const EVENTS = BOOKINGS * 4;
const BATCH = 2_000;
const BASE_PORT = 19080;
const topics = { booking: 'movie.booking.v1', payment: 'movie.payment.v1', ticket: 'movie.ticket.v1' };

export async function run() {
  const platform = new Platform({ suite: 'rebuild', mode: 'distributed', basePort: BASE_PORT, only: ['mypage'] });
  const kafka = new Kafka({ clientId: 'bench-rebuild', brokers: platform.env().KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
  const produced = await produce(platform, kafka);
  // The live consumer would apply all of them first (and compete with the rebuild): its group
  // starts at the end of each topic, so only the rebuild reads them.
  await skipLiveConsumer(platform, kafka);
  await platform.start();
  try {
    const loadAverageAtStart = loadAverage();
    process.stdout.write(`[rebuild] POST /mypages/rebuild (${EVENTS} events)\n`);
    const started = performance.now();
    const progress = watchProgress(platform, started);
    const response = await fetch(`${platform.url('mypage')}/mypages/rebuild`, { method: 'POST', headers: { 'x-admin-token': ADMIN_TOKEN }, signal: AbortSignal.timeout(1_800_000) });
    const body = await response.json();
    const seconds = (performance.now() - started) / 1000;
    const samples = await progress.stop();
    const rebuild = { status: response.status, ...body, seconds: Math.round(seconds * 10) / 10, loadAverageAtStart, samples };
    if (response.status === 200 || response.status === 201) rebuild.eventsPerSecond = Math.round(body.eventsReplayed / seconds);
    process.stdout.write(`[rebuild] answered ${response.status} after ${rebuild.seconds} s: ${JSON.stringify(body)}\n`);
    return { events: EVENTS, bookings: BOOKINGS, database: 'MariaDB', produced, rebuild };
  } finally {
    await platform.dispose();
  }
}

async function skipLiveConsumer(platform, kafka) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of Object.values(topics).map((logical) => `${platform.namespace}${logical}`)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: `${platform.namespace}mypage`, topic, partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Bookings on my page, counted every 5 s while the rebuild runs: progress, and a rate even if it fails. */
function watchProgress(platform, started) {
  const samples = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await pause(5000);
      if (!running) break;
      const rows = await withMysql(async (connection) => {
        const [result] = await connection.query('SELECT (SELECT COUNT(*) FROM my_booking) AS bookings, (SELECT COUNT(*) FROM my_booking_history) AS history');
        return result[0];
      }, platform.databaseName('mypage')).catch(() => undefined);
      if (!rows) continue;
      const at = Math.round((performance.now() - started) / 100) / 10;
      samples.push({ at, bookings: Number(rows.bookings), history: Number(rows.history) });
      process.stdout.write(`[rebuild] ${at} s: ${rows.history} of ${EVENTS} events applied (${rows.bookings} bookings)\n`);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** The four events of one booking, as the apps' outboxes would publish them. */
function bookingStory(n) {
  const bookingId = randomUUID();
  const customerId = `bench-customer-${n % 500}`;
  const at = new Date(Date.UTC(2030, 0, 1) + n * 1000).toISOString();
  const envelope = (source, type, payload) => ({ id: randomUUID(), type, version: 1, occurredAt: at, key: bookingId, source, payload });
  const paymentId = randomUUID();
  const ticketId = randomUUID();
  return [
    [topics.booking, envelope('book', 'BookingConfirmed', {
      bookingId, customerId, movieId: 'soul', movieName: 'soul', screeningId: 'soul-1', startsAt: '2030-01-01T10:00:00.000Z',
      seats: [`${(n % 10) + 1}A`], qty: 1, totalPrice: 5000, paymentId, bookedAt: at,
    })],
    [topics.payment, envelope('payment', 'PaymentApproved', { paymentId, bookingId, customerId, amount: 5000, approvedAt: at })],
    [topics.ticket, envelope('ticket', 'TicketIssued', { ticketId, bookingId, customerId, movieName: 'soul', seats: [`${(n % 10) + 1}A`], issuedAt: at })],
    [topics.ticket, envelope('ticket', 'TicketPrinted', { ticketId, bookingId, customerId, printedAt: at })],
  ];
}

async function produce(platform, kafka) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: Object.values(topics).map((logical) => ({ topic: `${platform.namespace}${logical}`, numPartitions: 3 })) });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = performance.now();
  try {
    for (let first = 0; first < BOOKINGS; first += BATCH / 4) {
      const byTopic = new Map();
      for (let n = first; n < Math.min(BOOKINGS, first + BATCH / 4); n++) {
        for (const [topic, event] of bookingStory(n)) {
          const wire = `${platform.namespace}${topic}`;
          if (!byTopic.has(wire)) byTopic.set(wire, []);
          byTopic.get(wire).push({ key: event.key, value: JSON.stringify(event), headers: { 'event-id': event.id, 'event-type': event.type, 'event-source': event.source } });
        }
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      if ((first / (BATCH / 4)) % 10 === 9) process.stdout.write(`[rebuild] produced ${(first + BATCH / 4) * 4} of ${EVENTS} events\n`);
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(EVENTS / seconds) };
}

/** Events applied per second from the progress samples: each event adds one history line. */
function sampledRate(samples) {
  const last = samples.at(-1);
  return last ? Math.round(last.history / last.at) : NaN;
}

/** Measured on the same machine before the batching, for comparison. */
const BEFORE = '405 events/s for 20,000 events (`BENCH_REBUILD_BOOKINGS=5000`, load average 1.05); the earlier 100,000-event run managed 122 events/s at load average 10 and stopped at the old fixed five-minute timeout';

export function render(result) {
  const { produced, rebuild } = result;
  const succeeded = rebuild.eventsPerSecond !== undefined;
  const outcome = succeeded
    ? `answered ${rebuild.status}: ${rebuild.eventsReplayed} events replayed, ${rebuild.bookings} bookings, ${rebuild.historyEntries} history lines`
    : `**failed**: answered ${rebuild.status} ${JSON.stringify({ code: rebuild.code, message: rebuild.message })}; progress sampled from the database until then`;
  return `## 5. Rebuild of my page

${result.events.toLocaleString('en')} events (${result.bookings.toLocaleString('en')} bookings: confirmed, paid, ticket issued, printed)
produced straight onto mypage's three topics with kafkajs, under the run's namespace. mypage's live
consumer group is set to the end of the topics before mypage starts, alone, on ${result.database} + Kafka, so only
the rebuild reads them: \`POST /mypages/rebuild\` (with \`MYPAGE_ADMIN_TOKEN\`) empties the read model and
replays every topic from the beginning: each fetched Kafka batch is split into 4 lanes by booking, and each
lane applies its events 500 to a transaction.

Before (a3cff84: one transaction per event, Kafka read message by message): ${BEFORE}.

${table(['step', 'events', 'seconds', 'events/s'], [
  ['produce (bench → Kafka, batches of 2,000, acks from all replicas)', result.events, produced.seconds, produced.eventsPerSecond],
  ['**rebuild**', succeeded ? rebuild.eventsReplayed : `${rebuild.samples.at(-1)?.history ?? 0} (sampled)`, rebuild.seconds, `**${succeeded ? rebuild.eventsPerSecond : sampledRate(rebuild.samples)}**`],
])}

Rebuild ${outcome}. Load average when the rebuild started: ${rebuild.loadAverageAtStart}.
The embedded mode's in-memory bus lives inside the process, so nothing outside it can fill it with
100,000 events; a rebuild there replays through the same replayer and handlers.

${runLine(result)}`;
}

export const summary = (result) => `rebuild: ${result.rebuild.status} after ${result.rebuild.seconds} s, ${result.rebuild.eventsPerSecond ?? sampledRate(result.rebuild.samples)} events/s`;
