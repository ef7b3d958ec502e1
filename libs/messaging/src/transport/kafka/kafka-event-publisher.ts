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
 */
export class KafkaEventPublisher extends EventPublisher {
  private readonly logger = new Logger(KafkaEventPublisher.name);
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly namespace: KafkaNamespace;
  private readonly knownTopics = new Set<string>();
  private readonly connection: KeptConnection;

  constructor(private readonly config: MessagingConfig) {
    super();
    this.kafka = kafkaClient(config);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
    this.connection = new KeptConnection('the Kafka publisher', [this.producer, this.admin]);
    this.namespace = new KafkaNamespace(config);
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connection.ready();
    await this.ensureTopics(messages.map((message) => message.topic));
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: groupByTopic(messages.map((message) => ({ ...message, topic: this.namespace.topic(message.topic) }))),
    });
  }

  async ping(): Promise<Record<string, unknown>> {
    await this.connection.ready();
    const cluster = await this.admin.describeCluster();
    return { transport: 'kafka', brokers: cluster.brokers.length };
  }

  close(): Promise<void> {
    return this.connection.close();
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
