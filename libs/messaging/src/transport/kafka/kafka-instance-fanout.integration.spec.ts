import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigResourceTypes, Kafka, logLevel, Producer } from 'kafkajs';
import { loadMessagingConfig } from '../../messaging.config';
import { eventually } from '../../testing/test-database';
import { FanoutSend } from '../instance-fanout';
import { KafkaInstanceFanout } from './kafka-instance-fanout';

// Runs against a real broker: `npm run kafka:start`, then KAFKA_BROKERS=127.0.0.1:9092 npx jest kafka-instance-fanout.
const describeKafka = process.env.KAFKA_BROKERS ? describe : describe.skip;

const WARM_UP = 'warm-up';

describeKafka('KafkaInstanceFanout on a real Kafka broker', () => {
  jest.setTimeout(90_000);
  const namespace = `it.fanout.${randomUUID().slice(0, 8)}`;
  const config = loadMessagingConfig({ ...process.env, MESSAGING_TRANSPORT: 'kafka', MESSAGING_NAMESPACE: namespace }, 'chat');
  const started: KafkaInstanceFanout[] = [];

  /** One instance of the app 'chat', joined to the channel 'room' and started. */
  async function instance(): Promise<{ fanout: KafkaInstanceFanout; send: FanoutSend; heard: string[] }> {
    const fanout = new KafkaInstanceFanout(config);
    const heard: string[] = [];
    const send = fanout.join('room', (message) => heard.push(message));
    await fanout.onApplicationBootstrap();
    started.push(fanout);
    return { fanout, send, heard };
  }

  /**
   * A new group reads from where the topic ends at its first fetch, a moment after it joined, so
   * `from` sends until every listener has heard it once. The checks leave these messages out.
   */
  async function warmUp(from: { send: FanoutSend }, listeners: { heard: string[] }[]): Promise<void> {
    await eventually(async () => {
      from.send(WARM_UP);
      await sleep(200);
      expect(listeners.every(({ heard }) => heard.includes(WARM_UP))).toBe(true);
    }, 60_000);
  }
  const news = ({ heard }: { heard: string[] }) => heard.filter((message) => message !== WARM_UP);

  afterAll(async () => {
    await Promise.all(started.map((fanout) => fanout.onApplicationShutdown()));
    const admin = new Kafka({ clientId: 'fanout-it', brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [`${namespace}.chat.fanout.room`] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('carries a message to every other instance of the app, and not back to its sender', async () => {
    const [a, b, c] = [await instance(), await instance(), await instance()];
    await warmUp(a, [b, c]);
    await warmUp(b, [a]);

    a.send('from a');
    await eventually(async () => expect([news(b), news(c)]).toEqual([['from a'], ['from a']]), 30_000);
    // One partition keeps the order: once a hears what b sent after, it would have heard its own.
    b.send('from b');
    await eventually(async () => expect(news(a)).toEqual(['from b']), 30_000);
    expect(news(c)).toEqual(['from a', 'from b']);
  });

  it('sends what is sent while a request is out in one produce request, in the order it was sent', async () => {
    const [a, b] = [await instance(), await instance()];
    await warmUp(a, [b]);
    const producer = (a.fanout as unknown as { producer: Producer }).producer;
    let produceRequests = 0;
    const stop = producer.on(producer.events.REQUEST, ({ payload }) => (produceRequests += payload.apiName === 'Produce' ? 1 : 0));
    const sent = Array.from({ length: 50 }, (_, index) => `burst ${index}`);

    sent.forEach((message) => a.send(message));

    await eventually(async () => expect(news(b).filter((message) => message.startsWith('burst'))).toEqual(sent), 30_000);
    stop();
    expect(produceRequests).toBe(1);
  });

  it('sends what was sent just before it shut down, before its producer closes', async () => {
    const [a, b] = [await instance(), await instance()];
    await warmUp(a, [b]);

    a.send('last words');
    await a.fanout.onApplicationShutdown();

    await eventually(async () => expect(news(b)).toEqual(['last words']), 30_000);
  });

  it('says for readiness that it listens, and that it stopped once the app shut down', async () => {
    const { fanout } = await instance();
    const listening = fanout.status();

    await fanout.onApplicationShutdown();

    expect([listening, fanout.status()]).toEqual([{ channels: ['room'], listening: true }, { channels: ['room'], listening: false }]);
  });

  it('gives an instance that joins later only what is sent after it joined', async () => {
    const sender = await instance();
    sender.send('before');
    await sleep(500);
    const later = await instance();
    await warmUp(sender, [later]);

    sender.send('after');

    await eventually(async () => expect(news(later)).toEqual(['after']), 30_000);
  });

  it('keeps a channel in a one-partition topic whose messages expire after a minute', async () => {
    const admin = new Kafka({ clientId: 'fanout-it', brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = `${namespace}.chat.fanout.room`;
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const described = await admin.describeConfigs({
        includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      expect([metadata.partitions.length, described.resources[0].configEntries[0].configValue]).toEqual([1, '60000']);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('KafkaInstanceFanout', () => {
  const config = loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka' }, 'chat');

  it('refuses a channel joined after the app started, whose messages it could no longer subscribe to', async () => {
    const fanout = new KafkaInstanceFanout(config);
    await fanout.onApplicationBootstrap();

    expect(() => fanout.join('room', () => undefined)).toThrow('fan-out channel room joined after the app started');
  });

  it('refuses a channel joined twice', () => {
    const fanout = new KafkaInstanceFanout(config);
    fanout.join('room', () => undefined);

    expect(() => fanout.join('room', () => undefined)).toThrow('fan-out channel room joined twice');
  });
});
