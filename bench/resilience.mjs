// Resilience: a stream of bookings through the gateway while each app in turn is killed with
// SIGKILL and started again, and then the Kafka broker too. Afterwards the databases of every app
// are read back: each booking that got a 201 must be paid once, ticketed once, on my page once
// and notified; no payment may stand for a booking that did not. Distributed mode only: in
// embedded mode one process is every app.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/paths.mjs';
import { pause, Platform, withMysql } from './lib/platform.mjs';
import { loadAverage, runLine, table } from './lib/report.mjs';
import { addScreenings, SeatSequence } from './lib/seats.mjs';

export const name = 'resilience';
const WORKERS = 8;
const BASE_PORT = 19090;
const VICTIMS = ['gateway', 'book', 'payment', 'ticket', 'mypage', 'notification'];
const STREAM_BETWEEN_MS = 4000;
const DOWN_MS = 1000;
const BROKER_DOWN_MS = 5000;
/** After the load stops: how long the consumers get to catch up before what is missing counts as lost. */
const SETTLE_MS = 90_000;

export async function run() {
  const platform = new Platform({
    suite: 'resilience',
    mode: 'distributed',
    basePort: BASE_PORT,
    // The reconciler settles what a killed book left pending within seconds instead of 30 s.
    env: { BOOK_PENDING_STALE_MS: '2000', BOOK_RECONCILE_INTERVAL_MS: '1000', BOOK_PAYMENT_TIMEOUT_MS: '3000' },
  });
  await platform.start();
  try {
    await addScreenings(platform, 2);
    const seats = new SeatSequence(2);
    const stream = new BookingStream(platform, seats);
    const loadAverageAtStart = loadAverage();
    const started = performance.now();
    const running = stream.run();
    const steps = [];
    for (const app of VICTIMS) {
      await pause(STREAM_BETWEEN_MS);
      steps.push(await timed(`kill -9 ${app}, start it again`, () => platform.restart(app, 'SIGKILL', DOWN_MS)));
    }
    await pause(STREAM_BETWEEN_MS);
    steps.push(await timed('kill -9 the Kafka broker, start it again', () => restartBroker(BROKER_DOWN_MS)));
    await pause(STREAM_BETWEEN_MS * 2);
    stream.stop();
    await running;
    const streamSeconds = (performance.now() - started) / 1000;
    log(`load stopped after ${streamSeconds.toFixed(0)} s: ${stream.booked.size} booked; checking every app's data`);
    const check = await settle(platform, stream);
    return { workers: WORKERS, loadAverageAtStart, streamSeconds: Math.round(streamSeconds), steps, answers: stream.answers, retries: stream.retries, unanswered: stream.unanswered, ...check };
  } finally {
    await platform.dispose();
  }
}

/** Workers booking one seat each, again and again; a request without a final answer is sent again with its key. */
class BookingStream {
  constructor(platform, seats) {
    this.platform = platform;
    this.seats = seats;
    this.booked = new Set();
    this.answers = {};
    this.retries = 0;
    this.unanswered = [];
    this.stopped = false;
  }

  stop() {
    this.stopped = true;
  }

  async run() {
    await Promise.all(Array.from({ length: WORKERS }, (_, worker) => this.worker(worker)));
  }

  async worker(worker) {
    while (!this.stopped) {
      const body = this.seats.bookingBody();
      const key = randomUUID();
      // A request whose outcome the client cannot know is sent again with the same Idempotency-Key, as a
      // client that must not book twice would; see isFinal.
      for (let attempt = 0; ; attempt++) {
        const { status, code } = await this.send(body, key, worker);
        const answer = code ? `${status} ${code}` : String(status);
        this.answers[answer] = (this.answers[answer] ?? 0) + 1;
        if (isFinal(status, code)) break;
        if (attempt === 100) {
          this.unanswered.push({ key, status, code });
          log(`no final answer for key ${key} after 100 attempts (last: ${status} ${code})`);
          break;
        }
        this.retries++;
        await pause(300);
      }
    }
  }

  async send(body, key, worker) {
    try {
      const response = await fetch(`${this.platform.gateway}/books`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-customer-id': `resilience-${worker}` },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 201) this.booked.add(answer.id);
      return { status: response.status, code: answer.code };
    } catch {
      return { status: 'no answer' };
    }
  }
}

/**
 * Booked (201), refused (4xx) and "not booked, payment unavailable" (503 PAYMENT_UNAVAILABLE, nothing
 * written) settle a request. No answer, 502 and 504 (the gateway could not reach book), 409
 * IDEMPOTENCY_IN_PROGRESS and 503 PAYMENT_OUTCOME_UNKNOWN leave the outcome open.
 */
function isFinal(status, code) {
  if (typeof status !== 'number') return false;
  if (status === 409) return code !== 'IDEMPOTENCY_IN_PROGRESS';
  if (status === 503) return code === 'PAYMENT_UNAVAILABLE';
  return status < 500;
}

/** Reads every app's database until each booking shows everywhere, or the time is up. */
async function settle(platform, stream) {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const check = await readBack(platform, [...stream.booked]);
    const missing = check.bookedButNeverAnswered + check.ticket.lost + check.mypage.lost + check.notification.lost + check.payment.lost + check.payment.chargedWithoutBooking;
    if (missing === 0 || Date.now() > deadline) return check;
    await pause(2000);
  }
}

async function readBack(platform, booked) {
  const rows = (app, sql) => withMysql(async (connection) => (await connection.query(sql))[0], platform.databaseName(app));
  const bookings = await rows('book', 'SELECT id, status FROM booking');
  const bookedNow = new Set(bookings.filter((b) => b.status === 1).map((b) => b.id));
  const tickets = count(await rows('ticket', 'SELECT bookingId AS id FROM ticket'));
  const myPage = count(await rows('mypage', 'SELECT bookingId AS id FROM my_booking WHERE status = 1'));
  const notified = count(await rows('notification', "SELECT bookingId AS id FROM notification WHERE eventType = 'BookingConfirmed'"));
  const approved = count(await rows('payment', "SELECT bookingId AS id FROM payment WHERE status = 'APPROVED'"));
  const lost = (counts) => booked.filter((id) => !counts.has(id)).length;
  const twice = (counts) => [...counts.values()].filter((n) => n > 1).length;
  return {
    booked: booked.length,
    // A 201 the database does not show as booked would be the worst loss of all.
    bookedButNotInBook: booked.filter((id) => !bookedNow.has(id)).length,
    // A booking the client was never told about: it would hold seats and money the customer does not know of.
    bookedButNeverAnswered: [...bookedNow].filter((id) => !booked.includes(id)).length,
    ticket: { lost: lost(tickets), twice: twice(tickets) },
    mypage: { lost: lost(myPage), twice: twice(myPage) },
    notification: { lost: lost(notified), twice: twice(notified) },
    payment: { lost: lost(approved), twice: twice(approved), chargedWithoutBooking: [...approved.keys()].filter((id) => !bookedNow.has(id)).length },
  };
}

function count(list) {
  const counts = new Map();
  for (const { id } of list) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

async function restartBroker(downMs) {
  const pid = Number(readFileSync(join(root, '.kafka', 'broker.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await pause(100);
  await pause(downMs);
  execFileSync('bash', [join(root, 'scripts', 'kafka', 'start.sh')], { stdio: 'ignore' });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function timed(what, action) {
  const started = performance.now();
  log(what);
  await action();
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`${what}: back and ready after ${seconds} s`);
  return { what, seconds };
}

const log = (line) => process.stdout.write(`[resilience] ${line}\n`);

export function render(result) {
  const effect = (name, figures) => [name, figures.lost, figures.twice];
  return `## 8. Resilience: kill -9 each app, then the broker

${result.workers} clients book one seat after another through the gateway, each request with an
\`Idempotency-Key\`; a request whose outcome is open (no answer, 502 or 504 from the gateway, 503
\`PAYMENT_OUTCOME_UNKNOWN\`, 409 \`IDEMPOTENCY_IN_PROGRESS\`) is sent again with the same key after 300 ms,
as a careful client would; 503 \`PAYMENT_UNAVAILABLE\` means nothing was booked and the client moves on. Meanwhile each app in turn is killed with
SIGKILL, started again ${DOWN_MS / 1000} s later and waited for until ready, ${STREAM_BETWEEN_MS / 1000} s apart; then the Kafka
broker is killed with SIGKILL and started again ${BROKER_DOWN_MS / 1000} s later. Distributed mode (MariaDB, Kafka);
book settles what a killed book left pending after 2 s. After the load stops, every app's database is read
until each booking shows everywhere (at most ${SETTLE_MS / 1000} s). Lost and applied twice must both be 0.

${table(['step', 'back and ready after s'], result.steps.map((step) => [step.what, step.seconds]))}

Answers over ${result.streamSeconds} s: ${Object.entries(result.answers).map(([status, n]) => `${status}: ${n}`).join(', ')}; ${result.retries} requests sent again with their key;
${result.unanswered.length} keys without a final answer after 100 attempts${result.unanswered.length ? ` (last answers: ${result.unanswered.map((u) => `${u.status} ${u.code ?? ''}`.trim()).join(', ')})` : ''}.
**${result.booked} bookings answered 201**; ${result.bookedButNotInBook} of them not booked in book's database, and
${result.bookedButNeverAnswered} bookings booked there that no client was answered 201 for.

${table(['effect of a booking', 'lost', 'twice'], [
    effect('payment approved', result.payment),
    effect('ticket issued', result.ticket),
    effect('on my page', result.mypage),
    effect('customer notified (BookingConfirmed)', result.notification),
  ])}

Payments approved for a booking that did not stand: **${result.payment.chargedWithoutBooking}**.

${runLine(result)}`;
}

export const summary = (result) =>
  `booked ${result.booked}; no final answer ${result.unanswered.length}; lost: payment ${result.payment.lost}, ticket ${result.ticket.lost}, mypage ${result.mypage.lost}, notification ${result.notification.lost}; ` +
  `twice: ${result.payment.twice + result.ticket.twice + result.mypage.twice + result.notification.twice}; charged without booking ${result.payment.chargedWithoutBooking}`;
