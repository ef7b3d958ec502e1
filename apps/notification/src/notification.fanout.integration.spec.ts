import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DataSource, In } from 'typeorm';
import { JsonLogger } from '@movie/runtime';
import { NotificationOrm } from './database/notification.orm-entity';
import { createNotificationApp } from './notification.app';
import { loadNotificationConfig } from './notification.config';
import { NotificationView } from './queries/notification.view';
import { bookingEvents } from './testing/booking-events';
import { sseLines } from './testing/sse-lines';

// Two instances of the app over a real broker and a shared MariaDB database, as two pods run:
// `npm run kafka:start`, then KAFKA_BROKERS=127.0.0.1:9092 TEST_MYSQL_URL=mysql://root@127.0.0.1:3306 npx jest notification.fanout.
const server = process.env.TEST_MYSQL_URL?.replace(/\/$/, '');
const describeScaledOut = process.env.KAFKA_BROKERS && server ? describe : describe.skip;

describeScaledOut('notification scaled out to two instances (Kafka, MariaDB)', () => {
  jest.setTimeout(120_000);
  const run = randomBytes(4).toString('hex');
  const namespace = `it.notification.${run}`;
  const database = `test_notification_${run}`;
  const customerId = `customer-${run}`;
  const kafka = new Kafka({ clientId: 'notification-it', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const apps: NestFastifyApplication[] = [];
  const streams: { seen: NotificationView[]; stop: () => void }[] = [];

  async function startInstance(): Promise<NestFastifyApplication> {
    const config = loadNotificationConfig({
      ...process.env,
      MESSAGING_TRANSPORT: 'kafka',
      MESSAGING_NAMESPACE: namespace,
      NOTIFICATION_DB_URL: `${server}/${database}`,
      NOTIFICATION_CHANNELS: 'sse',
      LOG_LEVEL: 'error',
    });
    const app = await createNotificationApp(config, new JsonLogger('notification', 'error', () => undefined));
    apps.push(app);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    return app;
  }

  /** A customer's live stream on one instance, its notifications collected as they come. */
  async function watch(app: NestFastifyApplication): Promise<NotificationView[]> {
    const abort = new AbortController();
    const response = await fetch(`${await app.getUrl()}/notifications/stream?customerId=${customerId}`, { signal: abort.signal });
    const seen: NotificationView[] = [];
    streams.push({ seen, stop: () => abort.abort() });
    void (async () => {
      for await (const line of sseLines(response)) if (line.startsWith('data: ')) seen.push(JSON.parse(line.slice('data: '.length)));
    })().catch(() => undefined);
    return seen;
  }

  /** Books for the customer as book would announce it: BookingConfirmed events on the booking topic. */
  async function confirmBookings(count: number): Promise<string[]> {
    const events = Array.from({ length: count }, () => bookingEvents(customerId).BookingConfirmed);
    await producer.send({
      topic: `${namespace}.${events[0].topic}`,
      messages: events.map(({ event }) => ({ key: event.key, value: JSON.stringify(event) })),
    });
    return events.map(({ event }) => event.id);
  }

  async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  beforeAll(async () => {
    await producer.connect();
    await startInstance();
    await startInstance();
  });
  afterAll(async () => {
    streams.forEach((stream) => stream.stop());
    await apps[0]?.get(DataSource).query(`DROP DATABASE IF EXISTS \`${database}\``);
    await Promise.all(apps.map((app) => app.close()));
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it("pushes every notification to the customer's streams on both instances, whichever instance consumed its event", async () => {
    const [onFirst, onSecond] = [await watch(apps[0]), await watch(apps[1])];
    // Until both instances' consumers have joined and their fan-out listeners read from the end.
    await until(async () => {
      if (onFirst.length > 0 && onSecond.length > 0) return true;
      await confirmBookings(1);
      await sleep(500);
      return false;
    }, 90_000);
    await sleep(1000);
    const before = [onFirst.length, onSecond.length];

    // Six bookings, so six keys spread over the topic's partitions and the two consumers.
    const eventIds = await confirmBookings(6);

    const newOn = (seen: NotificationView[], index: number) => seen.slice(before[index]).map((view) => view.eventId).sort();
    await until(() => newOn(onFirst, 0).length >= 6 && newOn(onSecond, 1).length >= 6, 60_000);
    expect([newOn(onFirst, 0), newOn(onSecond, 1)]).toEqual([[...eventIds].sort(), [...eventIds].sort()]);
    const stored = await apps[0].get(DataSource).manager.countBy(NotificationOrm, { eventId: In(eventIds) });
    expect(stored).toBe(6);
  });

  it('reports on readiness that each instance hears the others', async () => {
    const fanouts = await Promise.all(apps.map(async (app) => ((await (await fetch(`${await app.getUrl()}/health/ready`)).json()) as {
      info: { messaging: { fanout?: unknown } };
    }).info.messaging.fanout));

    expect(fanouts).toEqual([{ channels: ['live-notifications'], listening: true }, { channels: ['live-notifications'], listening: true }]);
  });
});
