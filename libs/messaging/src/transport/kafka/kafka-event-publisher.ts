import { Logger } from '@nestjs/common';
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import { MessagingConfig } from '../../messaging.config';
import { EventPublisher, OutgoingMessage } from '../event-publisher';
import { kafkaClient } from './kafka-client';
import { KafkaNamespace } from './kafka-namespace';
import { createMissingTopics, platformTopics } from './kafka-topics';
import { KeptConnection } from './kept-connection';

/**
 * Publishes through an idempotent producer with acks from all in-sync replicas and one
 * request in flight, so a retried batch is neither duplicated nor reordered by the broker.
 * Topics are created with the configured partitions before anything is sent to them,
 * rather than left to the broker's auto-creation defaults. Messages name logical topics;
 * they go out to the namespaced ones.
 *
 * A batch that failed is not sent again as it was: the relay reads the rows again, and by then
 * more may wait. kafkajs has rolled the sequence numbers of every partition of the failed
 * request back, also of those the broker appended, so the next batch would reuse numbers with
 * other messages and the broker would answer OUT_OF_ORDER_SEQUENCE_NUMBER to it and to every
 * batch after, for the life of the producer. After a failure the publisher therefore starts a
 * new producer, with a new producer id; what the broker had appended is sent again, and
 * consumers skip it by event id.
 */
export class KafkaEventPublisher extends EventPublisher {
  private readonly logger = new Logger(KafkaEventPublisher.name);
  private readonly kafka: Kafka;
  private producer: Producer;
  private readonly admin: Admin;
  private readonly namespace: KafkaNamespace;
  private readonly knownTopics = new Set<string>();
  private readonly connection: KeptConnection;
  private producerConnection: KeptConnection;

  constructor(private readonly config: MessagingConfig) {
    super();
    this.kafka = kafkaClient(config);
    this.admin = this.kafka.admin();
    this.connection = new KeptConnection('the Kafka publisher', [this.admin]);
    this.producer = this.newProducer();
    this.producerConnection = new KeptConnection('the Kafka publisher', [this.producer]);
    this.namespace = new KafkaNamespace(config);
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.ensureTopics(messages.map((message) => message.topic));
    const [producer, connection] = [this.producer, this.producerConnection];
    await connection.ready();
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: groupByTopic(messages.map((message) => ({ ...message, topic: this.namespace.topic(message.topic) }))),
      });
    } catch (error) {
      this.replaceProducer(producer);
      throw error;
    }
  }

  async ping(): Promise<Record<string, unknown>> {
    await this.connection.ready();
    const cluster = await this.admin.describeCluster();
    return { transport: 'kafka', brokers: cluster.brokers.length };
  }

  async close(): Promise<void> {
    await Promise.all([this.producerConnection.close(), this.connection.close()]);
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** The next publish goes through a new producer; the failed one is let go. */
  private replaceProducer(failed: Producer): void {
    if (this.producer !== failed || this.connection.isClosed) return;
    const old = this.producerConnection;
    this.producer = this.newProducer();
    this.producerConnection = new KeptConnection('the Kafka publisher', [this.producer]);
    void old.close();
  }

  /** Creates the topics (logical names) that do not exist yet; topics seen before are not asked about again. */
  async ensureTopics(topics: string[]): Promise<void> {
    const wanted = [...new Set([...platformTopics(), ...topics])]
      .map((topic) => this.namespace.topic(topic))
      .filter((topic) => !this.knownTopics.has(topic));
    if (wanted.length === 0) return;
    await this.connection.ready();
    const created = await createMissingTopics(this.admin, wanted, { partitions: this.config.partitions });
    if (created.length > 0) this.logger.log(`created topics ${created.join(', ')}`);
    wanted.forEach((topic) => this.knownTopics.add(topic));
  }
}

function groupByTopic(messages: OutgoingMessage[]) {
  const byTopic = new Map<string, { key: string; value: string; headers?: Record<string, string> }[]>();
  for (const { topic, key, value, headers } of messages) {
    const list = byTopic.get(topic) ?? [];
    list.push({ key, value, headers });
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}
