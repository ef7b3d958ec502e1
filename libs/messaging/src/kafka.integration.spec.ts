import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { deadLetterTopic } from '@movie/contracts';
import { messagingReadiness, MessagingHealth } from './health/messaging-health';
import { loadMessagingConfig } from './messaging.config';
import { EventReplayer } from './replay/event-replayer';
import { eventually, HeldSeatOrm } from './testing/test-database';
import { failingSeats, SeatApp, seatHandlers } from './testing/seat-app';
import { EventPublisher } from './transport/event-publisher';

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

    const letter = await firstMessageOf(deadLetterTopic(topic));

    expect(JSON.parse(letter.value)).toEqual({ reason: 'message is not JSON', topic, consumer: service, original: '{"id": "not-even-json"' });
    expect(letter.headers['dead-letter-reason']).toBe('message is not JSON');
  });

  it('replays the topic from its beginning into an emptied read model', async () => {
    await seats.app.get(DataSource).manager.clear(HeldSeatOrm);

    const replayed = await seats.app.get(EventReplayer).replay(service, [topic], seatHandlers);

    expect(replayed).toBe(3);
    expect(await seats.heldSeats()).toHaveLength(3);
  });

  it('reports the broker and the outbox backlog as readiness', async () => {
    await expect(messagingReadiness(seats.app.get(MessagingHealth)).check()).resolves.toMatchObject({ transport: 'kafka', brokers: 1, outboxBacklog: 0 });
  });

  async function firstMessageOf(readTopic: string): Promise<{ value: string; headers: Record<string, string> }> {
    const kafka = new Kafka({ clientId: `${service}-reader`, brokers: config().brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${service}-reader-${randomUUID().slice(0, 8)}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: readTopic, fromBeginning: true });
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
});
