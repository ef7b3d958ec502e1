import { randomUUID } from 'node:crypto';
import { IsInt, IsString, Min } from 'class-validator';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic } from '@movie/contracts';
import { EventConsumer } from '../inbox/event-consumer';
import { loadMessagingConfig } from '../messaging.config';
import { SeatApp } from '../testing/seat-app';
import { eventually, openTestDatabase, seatHeld } from '../testing/test-database';
import { EventPublisher } from '../transport/event-publisher';
import { KafkaEventPublisher } from '../transport/kafka/kafka-event-publisher';
import { StoredDeadLetter } from './dead-letter';
import { KafkaDeadLetters } from './kafka-dead-letters';

// Runs against a real broker: `npm run kafka:start`, then KAFKA_BROKERS=127.0.0.1:9092 npx jest kafka-dead-letters.
const describeKafka = process.env.KAFKA_BROKERS ? describe : describe.skip;

/** A consumer stricter than the seat app's: it refuses a SeatHeld of fewer than two seats. */
class TwoSeatsHeldV1 {
  @IsString() screeningId: string;
  @IsString() seat: string;
  @IsInt() @Min(2) qty: number;
}

describeKafka('dead letters on a real Kafka broker', () => {
  jest.setTimeout(120_000);
  const run = randomUUID().slice(0, 8);
  // A namespace of its own, so the .DLT topics listed are this run's, and everything made is deleted after.
  const namespace = `it.dead-letters.${run}.`;
  const topic = 'it.seat';
  const service = `seats-${run}`;
  const config = loadMessagingConfig({ ...process.env, MESSAGING_TRANSPORT: 'kafka', OUTBOX_POLL_MS: '50', MESSAGING_NAMESPACE: namespace }, service);
  const kafka = new Kafka({ clientId: 'dead-letters-it', brokers: config.brokers, logLevel: logLevel.NOTHING });
  const deadLetters = new KafkaDeadLetters({ ...config, clientId: 'dead-letters-it' });
  let seats: SeatApp;

  beforeAll(async () => {
    seats = await SeatApp.start({ service, topic, config });
  });
  afterAll(async () => {
    await seats?.close();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map(({ groupId }) => groupId).filter((group) => group.startsWith(namespace));
      await admin.deleteGroups(groups).catch(() => undefined);
      await admin.deleteTopics({ topics: (await admin.listTopics()).filter((name) => name.startsWith(namespace)) });
    } finally {
      await admin.disconnect();
    }
  });

  const readWhenThere = async (count: number): Promise<StoredDeadLetter[]> => {
    let letters: StoredDeadLetter[] = [];
    await eventually(async () => expect((letters = await deadLetters.read(deadLetterTopic(topic)))).toHaveLength(count), 90_000);
    return letters;
  };

  it('lists each dead letter of a topic with its consumer, reason, key and the refused message', async () => {
    const tooFew = { ...seatHeld('Q1', `booking-q1-${run}`), payload: { screeningId: 'screening-1', seat: 'Q1', qty: 0 } };
    await seats.app.get(EventPublisher).publish([
      { topic, key: 'broken', value: '{"id": "not-even-json"' },
      { topic, key: tooFew.key, value: JSON.stringify(tooFew) },
    ]);

    const letters = await readWhenThere(2);

    const byKey = Object.fromEntries(letters.map((letter) => [letter.key, letter]));
    // A message without an envelope has no key of its own: it is dead-lettered under the consumer's name.
    expect(byKey[service]).toMatchObject({ topic, consumer: service, reason: 'message is not JSON', message: '{"id": "not-even-json"' });
    expect(byKey[tooFew.key]).toMatchObject({ topic, consumer: service, reason: expect.stringContaining('qty'), message: JSON.stringify(tooFew) });
    expect(letters.map(({ position }) => position)).toEqual(letters.map(() => expect.stringMatching(/^\d+:\d+$/)));
    expect(letters.map(({ time }) => Date.parse(time))).toEqual(letters.map(() => expect.any(Number)));
    expect(await deadLetters.topics()).toContain(deadLetterTopic(topic));
  });

  it('replays a dead letter to its topic once, with its key and value, and the consumer that now accepts it applies it', async () => {
    const event = seatHeld('R1', `booking-r1-${run}`);
    const db = await openTestDatabase();
    const publisher = new KafkaEventPublisher({ ...config, clientId: `strict-${run}` });
    try {
      const strict = new EventConsumer(db.transactions, publisher);
      const handlers = { SeatHeld: { payload: TwoSeatsHeldV1, handle: async () => undefined } };
      await expect(strict.consume(`strict-${run}`, topic, JSON.stringify(event), handlers)).resolves.toBe('dead-lettered');
    } finally {
      await publisher.close();
      await db.close();
    }
    const letter = (await readWhenThere(3)).find(({ consumer }) => consumer === `strict-${run}`)!;

    // Chosen twice by mistake: it still goes out once.
    const replays = await deadLetters.replay([letter, letter]);

    expect(replays.map(({ message }) => [message.topic, message.key, message.value])).toEqual([[topic, event.key, JSON.stringify(event)]]);
    await eventually(async () => expect((await seats.heldSeats()).map(({ eventId }) => eventId)).toContain(event.id), 60_000);
    const replayed = (await messagesOf(kafka, namespace + topic)).filter(({ headers }) => headers['replayed-from']);
    expect(replayed).toEqual([{ key: event.key, value: JSON.stringify(event), headers: { 'replayed-from': `${deadLetterTopic(topic)} ${letter.position}` } }]);
  });

  it("replays a dead letter read through an enclosing namespace to its own namespace's topic", async () => {
    // The namespace of this run seen from a shorter one (an empty one sees every namespace the same way).
    const enclosing = 'it.dead-letters.';
    const outer = new KafkaDeadLetters({ ...config, namespace: enclosing, clientId: 'dead-letters-it' });
    const inner = `${namespace.slice(enclosing.length)}${topic}`;
    const letters = await outer.read(deadLetterTopic(inner));
    try {
      const replays = await outer.replay(letters.slice(0, 1));

      expect(replays.map(({ message }) => message.topic)).toEqual([inner]);
    } finally {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [enclosing + topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

/** Every message of a topic up to its end now, read with a throw-away group. */
async function messagesOf(kafka: Kafka, wireTopic: string): Promise<Array<{ key: string; value: string; headers: Record<string, string> }>> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(wireTopic);
  await admin.disconnect();
  const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  const groupId = `${wireTopic}.reader-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: wireTopic, fromBeginning: true });
    const messages: Array<{ key: string; value: string; headers: Record<string, string> }> = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
          messages.push({ key: message.key?.toString('utf8') ?? '', value: message.value?.toString('utf8') ?? '', headers });
          if (messages.length >= total) resolve();
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
