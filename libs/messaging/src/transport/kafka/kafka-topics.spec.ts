import { Admin, KafkaJSProtocolError } from 'kafkajs';
import { createMissingTopics } from './kafka-topics';

const unknownTopic = () => new KafkaJSProtocolError({
  message: 'This server does not host this topic-partition', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true,
} as unknown as Error);

const withLeaders = (...leaders: number[]) => leaders.map((leader, partitionId) => ({ partitionId, leader }));

/** A broker's admin API: the topics it lists, and what each metadata request answers in turn. */
function fakeAdmin(listed: string[], answers: (() => unknown)[]) {
  const admin = {
    listTopics: jest.fn().mockResolvedValue(listed),
    createTopics: jest.fn().mockResolvedValue(true),
    fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => {
      const answer = (answers.shift() ?? (() => withLeaders(0, 0)))();
      return { topics: topics.map((name) => ({ name, partitions: answer })) };
    }),
  };
  return admin as typeof admin & Admin;
}

const wait = { timeoutMs: 200, pollMs: 1 };

describe('createMissingTopics', () => {
  it('creates only the missing topics, with the given partitions and settings, and returns once every partition has a leader', async () => {
    const admin = fakeAdmin(['booking'], [() => { throw unknownTopic(); }, () => withLeaders(0, -1), () => withLeaders(0, 0)]);

    await expect(createMissingTopics(admin, ['booking', 'payment', 'payment'], { partitions: 2, config: { 'retention.ms': '60000' } }, wait))
      .resolves.toEqual(['payment']);

    expect(admin.createTopics).toHaveBeenCalledWith({
      waitForLeaders: false,
      topics: [{ topic: 'payment', numPartitions: 2, replicationFactor: -1, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    expect(admin.fetchTopicMetadata).toHaveBeenCalledTimes(3);
  });

  it('waits for the leaders also when another app created the topics first', async () => {
    const admin = fakeAdmin([], [() => [], () => withLeaders(0)]);
    admin.createTopics.mockResolvedValue(false);

    await createMissingTopics(admin, ['payment'], { partitions: 1 }, wait);

    expect(admin.fetchTopicMetadata).toHaveBeenCalledTimes(2);
  });

  it('says which topics have no leader when the time is up', async () => {
    const admin = fakeAdmin([], Array.from({ length: 1000 }, () => () => withLeaders(-1)));

    await expect(createMissingTopics(admin, ['payment'], { partitions: 1 }, wait)).rejects.toThrow('Kafka topics not ready within 200 ms: no leader yet for payment');
  });

  it('throws an error that is not about a topic being set up at once', async () => {
    const denied = new KafkaJSProtocolError({ message: 'Not authorized to access topics', type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 } as unknown as Error);
    const admin = fakeAdmin([], [() => { throw denied; }]);

    await expect(createMissingTopics(admin, ['payment'], { partitions: 1 }, wait)).rejects.toBe(denied);
    expect(admin.fetchTopicMetadata).toHaveBeenCalledTimes(1);
  });

  it('asks nothing more when every topic exists', async () => {
    const admin = fakeAdmin(['payment'], []);

    await expect(createMissingTopics(admin, ['payment'], { partitions: 1 }, wait)).resolves.toEqual([]);

    expect(admin.createTopics).not.toHaveBeenCalled();
    expect(admin.fetchTopicMetadata).not.toHaveBeenCalled();
  });
});
