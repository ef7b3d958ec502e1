import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createMissingTopics } from './kafka-topics';

// Runs against a real broker: `npm run kafka:start`, then KAFKA_BROKERS=127.0.0.1:9092 npx jest kafka-topics.
const describeKafka = process.env.KAFKA_BROKERS ? describe : describe.skip;

describeKafka('createMissingTopics on a real Kafka broker', () => {
  jest.setTimeout(90_000);
  const kafka = new Kafka({ clientId: 'topics-it', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });

  it('leaves every topic ready to subscribe to when several apps create the same new topics at once', async () => {
    // What `npm run start:distributed` does against a new broker: every app creates the topics it
    // consumes, most of them shared, and subscribes right after.
    const run = randomUUID().slice(0, 8);
    const topics = Array.from({ length: 8 }, (_, index) => `it.topics.${run}.${index}`);
    const apps = Array.from({ length: 5 }, (_, index) => ({
      admin: kafka.admin(),
      consumer: kafka.consumer({ groupId: `topics-it-${run}-${index}` }),
    }));
    await Promise.all(apps.flatMap(({ admin, consumer }) => [admin.connect(), consumer.connect()]));
    try {
      const started = await Promise.allSettled(apps.map(async ({ admin, consumer }) => {
        await createMissingTopics(admin, topics, { partitions: 2 });
        await consumer.subscribe({ topics });
      }));

      expect(started.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'subscribed')))
        .toEqual(apps.map(() => 'subscribed'));
      const { topics: metadata } = await apps[0].admin.fetchTopicMetadata({ topics });
      expect(metadata.map((topic) => topic.partitions.filter((partition) => partition.leader >= 0).length)).toEqual(topics.map(() => 2));
    } finally {
      await Promise.allSettled(apps.flatMap(({ admin, consumer }) => [admin.disconnect(), consumer.disconnect()]));
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
