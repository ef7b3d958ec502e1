// 5. Rebuild: how fast my page replays its projection from Kafka. 100,000 events (25,000 bookings,
// each confirmed, paid, issued a ticket and printed) are produced straight onto mypage's topics
// under the run's namespace; the live consumer applies them; then POST /mypages/rebuild empties
// the read model and replays them all.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ADMIN_TOKEN, pause, Platform, withMysql } from './lib/platform.mjs';
import { loadAverage, runLine, table } from './lib/report.mjs';

export const name = 'rebuild';
const BOOKINGS = 25_000;
const EVENTS = BOOKINGS * 4;
const BATCH = 2_000;
const BASE_PORT = 19080;
const topics = { booking: 'movie.booking.v1', payment: 'movie.payment.v1', ticket: 'movie.ticket.v1' };

export async function run() {
  const platform = new Platform({ suite: 'rebuild', mode: 'distributed', basePort: BASE_PORT, only: ['mypage'] });
  await platform.start();
  try {
    const produced = await produce(platform);
    const live = await waitForLiveConsumer(platform, produced.started);
    const loadAverageAtStart = loadAverage();
    process.stdout.write(`[rebuild] POST /mypages/rebuild (${EVENTS} events)\n`);
    const started = performance.now();
    const response = await fetch(`${platform.url('mypage')}/mypages/rebuild`, { method: 'POST', headers: { 'x-admin-token': ADMIN_TOKEN }, signal: AbortSignal.timeout(600_000) });
    const body = await response.json();
    const seconds = (performance.now() - started) / 1000;
    if (response.status !== 200 && response.status !== 201) throw new Error(`rebuild answered ${response.status}: ${JSON.stringify(body)}`);
    const rebuild = { ...body, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(body.eventsReplayed / seconds), loadAverageAtStart };
    process.stdout.write(`[rebuild] ${body.eventsReplayed} events in ${rebuild.seconds} s: ${rebuild.eventsPerSecond} events/s\n`);
    return { events: EVENTS, bookings: BOOKINGS, database: 'MariaDB', produced, live, rebuild };
  } finally {
    await platform.dispose();
  }
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

async function produce(platform) {
  const kafka = new Kafka({ clientId: 'bench-rebuild', brokers: platform.env().KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
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
  return { seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(EVENTS / seconds), started };
}

/** Waits until mypage's live consumer has applied every event (its inbox holds one row per event). */
async function waitForLiveConsumer(platform, started) {
  const database = platform.databaseName('mypage');
  let applied = 0;
  while (applied < EVENTS) {
    await pause(1000);
    applied = await withMysql(async (connection) => {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM processed_event');
      return Number(rows[0].n);
    }, database);
    process.stdout.write(`[rebuild] live consumer applied ${applied} of ${EVENTS}\n`);
    if (performance.now() - started > 900_000) throw new Error(`the live consumer applied only ${applied} events in 15 minutes`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(EVENTS / seconds) };
}

export function render(result) {
  const { produced, live, rebuild } = result;
  return `## 5. Rebuild of my page

${result.events.toLocaleString('en')} events (${result.bookings.toLocaleString('en')} bookings: confirmed, paid, ticket issued, printed)
produced straight onto mypage's three topics (kafkajs, under the run's namespace); mypage alone on
${result.database} + Kafka. Then \`POST /mypages/rebuild\` (with \`MYPAGE_ADMIN_TOKEN\`) empties the read model and
replays every topic from the beginning, one transaction per event.

${table(['step', 'events', 'seconds', 'events/s'], [
  ['produce (bench → Kafka)', result.events, produced.seconds, produced.eventsPerSecond],
  ['live consumer catches up (from the first produce)', result.events, live.seconds, live.eventsPerSecond],
  [`**rebuild** (answered ${rebuild.bookings} bookings, ${rebuild.historyEntries} history lines)`, rebuild.eventsReplayed, rebuild.seconds, `**${rebuild.eventsPerSecond}**`],
])}

Load average when the rebuild started: ${rebuild.loadAverageAtStart}. The embedded mode's in-memory bus lives inside
the process, so there is no outside way to fill it with 100,000 events; the rebuild there replays
the same handlers through the same replayer.

${runLine(result)}`;
}

export const summary = (result) => `rebuild: ${result.rebuild.eventsReplayed} events in ${result.rebuild.seconds} s = ${result.rebuild.eventsPerSecond} events/s`;
