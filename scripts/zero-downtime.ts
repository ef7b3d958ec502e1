/**
 * Zero-downtime restarts, shown on this machine (127.0.0.1 only). Runs the platform from dist/ on
 * Kafka and MariaDB with two book instances behind a balancer (what a Service does), keeps a
 * steady booking load on the gateway, restarts both book instances one after the other with
 * SIGTERM, then the consumers ticket and mypage, and reports requests sent, succeeded and failed,
 * and whether the consumers lost or duplicated any booking. Exits non-zero on any failure.
 *
 *   npm run build && node dist/scripts/zero-downtime.js
 *
 * Needs Kafka (npm run kafka:start; KAFKA_BROKERS) and MariaDB (TEST_MYSQL_URL, default
 * mysql://root@127.0.0.1:3306); uses databases zd_<app> and ports ZD_BASE_PORT (18180) + 0..7.
 * The apps' consumer groups are named after the apps, so run it alone on its broker.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { deadLetterTopic, Topics } from '@movie/contracts';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { Balancer } from './zero-downtime/balancer';
import { BookingLoad, freeSeats, LoadReport } from './zero-downtime/booking-load';
import { checkConsumers, ConsumerReport } from './zero-downtime/consumer-check';
import { Processes } from './zero-downtime/processes';

const root = resolve(__dirname, '..', '..');
const basePort = Number(process.env.ZD_BASE_PORT ?? 18180);
const mysqlServer = testMysqlServer();
const apps = ['payment', 'book', 'ticket', 'mypage', 'notification', 'gateway'] as const;
type App = (typeof apps)[number];
const port: Record<App, number> = { gateway: basePort, payment: basePort + 2, mypage: basePort + 3, ticket: basePort + 4, notification: basePort + 5, book: basePort + 1 };
const bookInstances = [
  { name: 'book-a', port: basePort + 6 },
  { name: 'book-b', port: basePort + 7 },
];
/** How long a leaving instance keeps serving after it left the rotation: the pods' preStop pause, shortened. */
const DRAIN_MS = 1000;

const say = (line: string) => process.stdout.write(`[zero-downtime] ${line}\n`);
const url = (p: number) => `http://127.0.0.1:${p}`;

function environment(bookUrl: string): Record<string, string> {
  const env: Record<string, string> = {
    LOG_LEVEL: process.env.ZD_LOG_LEVEL ?? 'warn',
    MESSAGING_TRANSPORT: 'kafka',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    BOOK_PAYMENT_URL: url(port.payment),
    // This experiment is about restarts, not payment latency: on a busy machine the default
    // 610 ms timeout would fail requests (503) that no restart caused. The breaker has its own tests.
    BOOK_PAYMENT_TIMEOUT_MS: process.env.ZD_PAYMENT_TIMEOUT_MS ?? '5000',
    // One client sending hundreds of bookings a second: demo mode takes the customer from a header
    // and does not rate-limit per client. Sign-in and throttling have their own tests.
    GATEWAY_AUTH_MODE: 'demo',
    TICKET_BOOK_URL: bookUrl,
  };
  for (const app of apps) {
    const prefix = app.toUpperCase();
    Object.assign(env, { [`${prefix}_PORT`]: String(port[app]), [`${prefix}_HOST`]: '127.0.0.1', [`GATEWAY_${prefix}_URL`]: url(port[app]) });
    env[`${prefix}_DB_URL`] = `${mysqlServer}/zd_${app}`;
  }
  env.GATEWAY_BOOK_URL = bookUrl;
  return env;
}

async function dropDatabases(): Promise<void> {
  const server = new URL(mysqlServer);
  const connection = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username || 'root', password: decodeURIComponent(server.password) });
  try {
    for (const app of apps) await connection.query(`DROP DATABASE IF EXISTS \`zd_${app}\``);
  } finally {
    await connection.end();
  }
}

/**
 * Creates the platform's topics before any app starts, so the run does not depend on which app
 * creates them first (earlier versions of the apps exited with UNKNOWN_TOPIC_OR_PARTITION on a fresh broker).
 */
async function ensureTopics(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'zero-downtime', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = Object.values(Topics).flatMap((topic) => [topic, deadLetterTopic(topic)]).filter((topic) => !existing.has(topic));
    if (topics.length > 0) await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3 })) });
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<number> {
  const processes = new Processes(root, join(root, 'data', 'zero-downtime-logs'));
  const balancer = new Balancer();
  try {
    await dropDatabases();
    const bookUrl = await balancer.listen(port.book);
    const env = environment(bookUrl);
    await ensureTopics(env.KAFKA_BROKERS.split(','));
    const startApp = async (instance: string, app: App, appPort = port[app]) => {
      processes.start(instance, app, { ...env, [`${app.toUpperCase()}_PORT`]: String(appPort) });
      await processes.waitReady(instance, url(appPort));
    };
    say('starting payment, two book instances, ticket, mypage, notification and the gateway');
    await startApp('payment', 'payment');
    for (const book of bookInstances) {
      await startApp(book.name, 'book', book.port);
      balancer.add(url(book.port));
    }
    for (const app of ['ticket', 'mypage', 'notification', 'gateway'] as const) await startApp(app, app);

    const customerId = `zero-downtime-${randomUUID().slice(0, 8)}`;
    const load = new BookingLoad(url(port.gateway), customerId, await freeSeats(url(port.gateway)), {
      workers: Number(process.env.ZD_WORKERS ?? 3),
      pauseMs: Number(process.env.ZD_PAUSE_MS ?? 100),
    });
    say(`booking load on: ${load.seatsLeft} free seats, customer ${customerId}`);
    load.start();
    await sleep(2000);

    for (const book of bookInstances) {
      say(`restarting ${book.name}: out of rotation, ${DRAIN_MS} ms drain, SIGTERM`);
      balancer.remove(url(book.port));
      await sleep(DRAIN_MS);
      if (!(await processes.stop(book.name))) throw new Error(`${book.name} did not shut down in order on SIGTERM`);
      await startApp(book.name, 'book', book.port);
      balancer.add(url(book.port));
      await sleep(1500);
    }
    for (const consumer of ['ticket', 'mypage'] as const) {
      say(`restarting consumer ${consumer} with SIGTERM while bookings keep coming`);
      if (!(await processes.stop(consumer))) throw new Error(`${consumer} did not shut down in order on SIGTERM`);
      await sleep(1000);
      await startApp(consumer, consumer);
      await sleep(1500);
    }
    if (load.seatsLeft === 0) throw new Error('the load ran out of free seats before the restarts were over; raise ZD_PAUSE_MS');
    const requests = await load.stop();
    say(`load stopped; reading back ${requests.bookingIds.length} bookings from ticket and mypage`);
    const consumers = await checkConsumers(url(port.gateway), customerId, requests.bookingIds, 60_000);
    return printReport(requests, consumers);
  } finally {
    await processes.stopAll();
    await balancer.close();
  }
}

function printReport(requests: LoadReport, consumers: ConsumerReport): number {
  say(`requests: ${requests.sent} sent, ${requests.succeeded} succeeded, ${requests.failed} failed`);
  for (const [reason, count] of Object.entries(requests.failures)) say(`  failed: ${count} x ${reason}`);
  say(`consumers: ${consumers.bookings} bookings; ticket lost ${consumers.lostByTicket.length}; mypage lost ${consumers.lostByMypage.length}, duplicated ${consumers.duplicatedInMypage.length}`);
  const problems = requests.failed + consumers.lostByTicket.length + consumers.lostByMypage.length + consumers.duplicatedInMypage.length;
  const ok = problems === 0 && requests.succeeded > 0;
  say(ok ? 'PASS: no request failed, no event lost or applied twice' : 'FAIL');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
