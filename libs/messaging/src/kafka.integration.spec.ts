import { randomUUID } from 'node:crypto';
import { Kafka, KafkaJSNonRetriableError, logLevel } from 'kafkajs';
import { DataSource, In } from 'typeorm';
import { deadLetterTopic } from '@movie/contracts';
import { messagingReadiness, MessagingHealth } from './health/messaging-health';
import { ConsumerBatch } from './inbox/consumer-batch';
import { ProcessedEventOrm } from './inbox/processed-event.orm-entity';
import { loadMessagingConfig } from './messaging.config';
import { EventReplayer } from './replay/event-replayer';
import { eventually, HeldSeatOrm, seatHeld } from './testing/test-database';
import { failingSeats, SeatApp, seatHandlers } from './testing/seat-app';
import { EventPublisher } from './transport/event-publisher';
import { KafkaConsumerLag } from './transport/kafka/kafka-consumer-lag';
import { KafkaEventServer } from './transport/kafka/kafka-event-server';

// Runs against a real broker: `npm run kafka:start`, then KAFKA_BROKERS=127.0.0.1:9092 npx jest libs/messaging.
const describeKafka = process.env.KAFKA_BROKERS ? describe : describe.skip;

describeKafka('messaging on a real Kafka broker', () => {
  jest.setTimeout(90_000);
  const run = randomUUID().slice(0, 8);
  const topic = `it.seat.${run}`;
  const service = `seats-it-${run}`;
  const config = () => ({ ...loadMessagingConfig({ ...process.env, MESSAGING_TRANSPORT: 'kafka', OUTBOX_POLL_MS: '50' }, service) });
  let seats: SeatApp;

  beforeAll(async () => {
    seats = await SeatApp.start({ service, topic, config: config() });
  });
  afterAll(() => seats?.close());

  it('applies an event from the outbox once on the consumer, even when Kafka carries it twice', async () => {
    const first = await seats.holdSeat('A1', 'booking-1');
    await seats.app.get(EventPublisher).publish([{ topic, key: first.key, value: JSON.stringify(first) }]);
    // Same key, so the same partition: once this one is applied, the duplicate before it was handled.
    const last = await seats.holdSeat('A2', 'booking-1');

    await eventually(async () => expect((await seats.heldSeats()).map((seat) => seat.eventId)).toContain(last.id), 60_000);
    expect((await seats.heldSeats()).map((seat) => seat.eventId).sort()).toEqual([first.id, last.id].sort());
  });

  it('delivers an event again when its handler failed, because the offset was not committed', async () => {
    failingSeats.set('B1', 1);

    const event = await seats.holdSeat('B1', 'booking-2');

    await eventually(async () => expect((await seats.heldSeats()).map((seat) => seat.eventId)).toContain(event.id), 60_000);
    expect(failingSeats.get('B1')).toBe(0);
  });

  it('sends a malformed message to the dead-letter topic with its reason', async () => {
    await seats.app.get(EventPublisher).publish([{ topic, key: 'broken', value: '{"id": "not-even-json"' }]);

    const letter = await firstMessageOf(config().brokers, deadLetterTopic(config().namespace + topic));

    expect(JSON.parse(letter.value)).toEqual({ reason: 'message is not JSON', topic, consumer: service, original: '{"id": "not-even-json"' });
    expect(letter.headers['dead-letter-reason']).toBe('message is not JSON');
  });

  it('replays the topic from its beginning into an emptied read model', async () => {
    await seats.app.get(DataSource).manager.clear(HeldSeatOrm);

    const replayed = await seats.app.get(EventReplayer).replay(service, [topic], seatHandlers);

    expect(replayed).toBe(3);
    expect(await seats.heldSeats()).toHaveLength(3);
  });

  it('applies events fetched together as one consumer batch, each once, and one at a time after a failure among them', async () => {
    const batches: number[] = [];
    const deliver = ConsumerBatch.deliver.bind(ConsumerBatch);
    const spy = jest.spyOn(ConsumerBatch, 'deliver').mockImplementation((deliveries) => {
      batches.push(deliveries.length);
      return deliver(deliveries);
    });
    try {
      failingSeats.set('C7', 1);
      const events = Array.from({ length: 20 }, (_, index) => seatHeld(`C${index}`, 'booking-3'));

      // One send, one key: the events land together in one partition.
      await seats.app.get(EventPublisher).publish(events.map((event) => ({ topic, key: event.key, value: JSON.stringify(event) })));

      await eventually(async () => expect((await seats.heldSeats()).map((seat) => seat.eventId)).toEqual(expect.arrayContaining(events.map((event) => event.id))), 60_000);
      expect(Math.max(...batches)).toBeGreaterThan(1);
      expect(failingSeats.get('C7')).toBe(0);
      const inbox = await seats.app.get(DataSource).manager.findBy(ProcessedEventOrm, { eventId: In(events.map((event) => event.id)) });
      expect(inbox).toHaveLength(20);
    } finally {
      spy.mockRestore();
    }
  });

  it('starts the consumer again after kafkajs stopped it on a non-retriable error, and applies what came meanwhile', async () => {
    // The error kafkajs gives up on when a returning broker cannot name the group coordinator yet.
    const crash = new KafkaJSNonRetriableError('Failed to find group coordinator');
    const spy = jest.spyOn(KafkaEventServer.prototype, 'handleMessage').mockRejectedValueOnce(crash);
    try {
      const readiness = messagingReadiness(seats.app.get(MessagingHealth));
      const first = await seats.holdSeat('D1', 'booking-4');
      await eventually(async () => expect(spy).toHaveBeenCalled(), 60_000);
      await eventually(() => expect(readiness.check()).rejects.toThrow('the event consumer stopped (Failed to find group coordinator)'), 60_000);
      const second = await seats.holdSeat('D2', 'booking-4');

      await eventually(async () => expect((await seats.heldSeats()).map((seat) => seat.eventId)).toEqual(expect.arrayContaining([first.id, second.id])), 60_000);
      await expect(readiness.check()).resolves.toMatchObject({ transport: 'kafka', brokers: 1 });
      const inbox = await seats.app.get(DataSource).manager.findBy(ProcessedEventOrm, { eventId: In([first.id, second.id]) });
      expect(inbox).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads a group\'s lag from the broker: none once it consumed everything, the whole topic for a group that never committed', async () => {
    const lag = new KafkaConsumerLag(config());
    try {
      const wireTopic = config().namespace + topic;
      await eventually(async () => expect(await lag.lagOf(service, topic)).toBe(0), 60_000);
      const total = await messageCount(config().brokers, wireTopic);

      expect(total).toBeGreaterThan(0);
      expect(await lag.lagOf(`nobody-${run}`, topic)).toBe(total);
    } finally {
      await lag.onApplicationShutdown();
    }
  });

  it('reports the broker and the outbox backlog as readiness', async () => {
    await expect(messagingReadiness(seats.app.get(MessagingHealth)).check()).resolves.toMatchObject({ transport: 'kafka', brokers: 1, outboxBacklog: 0 });
  });
});

describeKafka('messaging namespaces sharing one Kafka cluster', () => {
  jest.setTimeout(90_000);
  const run = randomUUID().slice(0, 8);
  // The same logical topic and service in both environments: only the namespace tells them apart.
  const topic = `it.shared-seat.${run}`;
  const service = `seats-ns-${run}`;
  const namespaces = { red: `it.${run}.red.`, blue: `it.${run}.blue.` };
  const config = (namespace: string) =>
    loadMessagingConfig({ ...process.env, MESSAGING_TRANSPORT: 'kafka', OUTBOX_POLL_MS: '50', MESSAGING_NAMESPACE: namespace }, service);
  const brokers = config('').brokers;
  let red: SeatApp;
  let blue: SeatApp;

  beforeAll(async () => {
    red = await SeatApp.start({ service, topic, config: config(namespaces.red) });
    blue = await SeatApp.start({ service, topic, config: config(namespaces.blue) });
  });
  afterAll(() => Promise.all([red?.close(), blue?.close()]));

  const eventIds = async (seats: SeatApp) => (await seats.heldSeats()).map((seat) => seat.eventId).sort();

  it('keeps each namespace\'s events to its own consumers, on the same logical topic', async () => {
    const blueFirst = await blue.holdSeat('B1', 'booking-1');
    await eventually(async () => expect(await eventIds(blue)).toEqual([blueFirst.id]), 60_000);

    // Same key, so on a shared topic the same partition: applying this one would mean having read blue's before it.
    const redFirst = await red.holdSeat('R1', 'booking-1');
    await eventually(async () => expect(await eventIds(red)).toContain(redFirst.id), 60_000);
    const blueLast = await blue.holdSeat('B2', 'booking-1');
    await eventually(async () => expect(await eventIds(blue)).toContain(blueLast.id), 60_000);

    expect(await eventIds(red)).toEqual([redFirst.id]);
    expect(await eventIds(blue)).toEqual([blueFirst.id, blueLast.id].sort());
  });

  it('puts topics and consumer groups on the wire under the namespace, never under the bare name', async () => {
    const admin = new Kafka({ clientId: `${service}-admin`, brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      const groups = (await admin.listGroups()).groups.map((group) => group.groupId);

      expect(topics).toEqual(expect.arrayContaining([`${namespaces.red}${topic}`, `${namespaces.blue}${topic}`]));
      expect(topics).not.toContain(topic);
      expect(groups).toEqual(expect.arrayContaining([`${namespaces.red}${service}`, `${namespaces.blue}${service}`]));
      expect(groups).not.toContain(service);
    } finally {
      await admin.disconnect();
    }
  });

  it('sends a malformed message to the dead-letter topic of its own namespace', async () => {
    await red.app.get(EventPublisher).publish([{ topic, key: 'broken', value: 'not json at all' }]);

    const letter = await firstMessageOf(brokers, deadLetterTopic(`${namespaces.red}${topic}`));

    expect(JSON.parse(letter.value)).toMatchObject({ reason: 'message is not JSON', topic, consumer: service });
    expect(await messageCount(brokers, deadLetterTopic(`${namespaces.blue}${topic}`))).toBe(0);
  });

  it('replays only its own namespace\'s events, through a throw-away group in that namespace', async () => {
    const before = await eventIds(blue);
    await blue.app.get(DataSource).manager.clear(HeldSeatOrm);

    const replayed = await blue.app.get(EventReplayer).replay(service, [topic], seatHandlers);

    expect(replayed).toBe(2);
    expect(await eventIds(blue)).toEqual(before);
  });
});

async function firstMessageOf(brokers: string[], wireTopic: string): Promise<{ value: string; headers: Record<string, string> }> {
  const reader = `it-reader-${randomUUID().slice(0, 8)}`;
  const consumer = new Kafka({ clientId: reader, brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: reader });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: wireTopic, fromBeginning: true });
    return await new Promise((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
          resolve({ value: message.value?.toString('utf8') ?? '', headers });
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

async function messageCount(brokers: string[], wireTopic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'it-counter', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(wireTopic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}
