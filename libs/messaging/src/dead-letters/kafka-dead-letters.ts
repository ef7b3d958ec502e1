import { randomUUID } from 'node:crypto';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopic } from '@movie/contracts';
import { MessagingConfig } from '../messaging.config';
import { kafkaClient } from '../transport/kafka/kafka-client';
import { KafkaEventPublisher } from '../transport/kafka/kafka-event-publisher';
import { KafkaNamespace } from '../transport/kafka/kafka-namespace';
import { readToEnd } from '../transport/kafka/read-to-end';
import { readDeadLetter, Replay, replaysOf, StoredDeadLetter } from './dead-letter';

/** A read fails when no message comes for this long, rather than waiting for ever. */
const READ_IDLE_TIMEOUT_MS = 30_000;

/**
 * The `.DLT` topics of the namespace on the broker, for an operator: read from their beginning
 * with a throw-away consumer group (the apps' groups and offsets are untouched), and sent back
 * to the topics they came from. Topics are logical names, as everywhere in the code.
 */
export class KafkaDeadLetters {
  private readonly kafka: Kafka;
  private readonly namespace: KafkaNamespace;

  constructor(private readonly config: MessagingConfig) {
    this.kafka = kafkaClient(config);
    this.namespace = new KafkaNamespace(config);
  }

  /** The dead-letter topics of the namespace that exist, sorted. */
  async topics(): Promise<string[]> {
    return this.withAdmin(async (admin) => {
      // Without a namespace that is every .DLT topic of the cluster, other namespaces' too.
      const wire = await admin.listTopics();
      return wire
        .filter((topic) => topic.startsWith(this.config.namespace) && topic.endsWith(deadLetterTopic('')))
        .map((topic) => this.namespace.logicalTopic(topic))
        .sort();
    });
  }

  /**
   * Every dead letter of a `.DLT` topic up to its end when called, by partition and offset. What
   * is dead-lettered meanwhile (a replayed message refused again, say) is left for the next read.
   * Each one's topic, where a replay sends it, is the one the `.DLT` topic is named after: the
   * letter's own says it in the namespace of the consumer that wrote it, which need not be ours.
   */
  async read(topic: string): Promise<StoredDeadLetter[]> {
    const suffix = deadLetterTopic('');
    if (!topic.endsWith(suffix)) throw new Error(`${topic} is not a dead-letter topic (its name ends in ${suffix})`);
    const source = topic.slice(0, -suffix.length);
    const wire = this.namespace.topic(topic);
    const exists = await this.withAdmin(async (admin) => (await admin.listTopics()).includes(wire));
    if (!exists) throw new Error(`no topic ${wire} on ${this.config.brokers.join(',')}`);
    const read: Array<{ partition: number; message: KafkaMessage }> = [];
    const groupId = this.namespace.group(`dead-letters-${randomUUID().slice(0, 8)}`);
    await readToEnd(this.kafka, [wire], groupId, async ({ partition, messages }) => {
      for (const message of messages) read.push({ partition, message });
    }, READ_IDLE_TIMEOUT_MS);
    return read
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)))
      .map(({ partition, message }) => ({ ...toDeadLetter(partition, message), topic: source }));
  }

  /**
   * Sends each refused message to its topic again, with its key, once however often it was
   * chosen or refused (replaysOf), and returns what was sent. The consumers apply an event
   * they had refused and skip one they had applied (by event id).
   */
  async replay(letters: readonly StoredDeadLetter[]): Promise<Replay[]> {
    const replays = replaysOf(letters);
    if (replays.length === 0) return [];
    const publisher = new KafkaEventPublisher(this.config);
    try {
      await publisher.publish(replays.map(({ message }) => message));
    } finally {
      await publisher.close();
    }
    return replays;
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

function toDeadLetter(partition: number, message: KafkaMessage): StoredDeadLetter {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value ?? '')]));
  return {
    position: `${partition}:${message.offset}`,
    time: new Date(Number(message.timestamp)).toISOString(),
    key: message.key?.toString('utf8') ?? '',
    ...readDeadLetter(message.value?.toString('utf8') ?? '', headers),
  };
}
