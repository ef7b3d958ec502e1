import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, Partitioners } from 'kafkajs';
import { deadLetterTopic } from '@movie/contracts';
import { MessagingConfig } from '../../messaging.config';
import { kafkaClient } from './kafka-client';
import { createMissingTopics } from './kafka-topics';

/**
 * Nest's Kafka server with one addition: the topics of the app's @EventPattern handlers
 * (and their dead-letter topics) are created before the consumer subscribes. kafkajs
 * fails a subscription to a topic the broker is still auto-creating ("This server does
 * not host this topic-partition"), which happens whenever a consumer starts before the
 * first event was published.
 *
 * Everything else is ServerKafka's: it JSON-parses the value, awaits the handler, and a
 * handler that fails rejects kafkajs' eachMessage, so the offset is not committed.
 */
export class KafkaEventServer extends ServerKafka {
  constructor(
    private readonly messaging: MessagingConfig,
    service: string,
  ) {
    super(kafkaServerOptions(messaging, service).options!);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].flatMap((topic) => [topic, deadLetterTopic(topic)]);
    const admin = kafkaClient(this.messaging, `${this.messaging.clientId}-topics`).admin();
    await admin.connect();
    try {
      await createMissingTopics(admin, topics, this.messaging.partitions);
    } finally {
      await admin.disconnect();
    }
    await super.bindEvents(consumer);
  }
}

export function kafkaServerOptions(config: MessagingConfig, service: string): KafkaOptions {
  return {
    options: {
      client: { clientId: `${config.clientId}-consumer`, brokers: config.brokers },
      consumer: { groupId: service, allowAutoTopicCreation: true },
      // Nest's server also opens a producer (for request-reply); events never use it.
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      subscribe: { fromBeginning: true },
      // No "-server" suffix: the group id is the service name operators see.
      postfixId: '',
      run: { partitionsConsumedConcurrently: Math.max(1, config.partitions) },
    },
  };
}
