import { OnApplicationShutdown } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { MessagingConfig } from '../../messaging.config';
import { ConsumerLagReader } from '../consumer-lag';
import { kafkaClient } from './kafka-client';
import { KafkaNamespace } from './kafka-namespace';
import { KeptConnection } from './kept-connection';

/**
 * A group's lag as the broker sees it: each partition's end offset minus the group's committed
 * offset (the partition's first offset while the group has committed none). One admin
 * connection, opened at the first scrape and kept, serves every scrape.
 */
export class KafkaConsumerLag extends ConsumerLagReader implements OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly namespace: KafkaNamespace;
  private readonly connection: KeptConnection;

  constructor(config: MessagingConfig) {
    super();
    this.admin = kafkaClient(config, `${config.clientId}-lag`).admin();
    this.connection = new KeptConnection('the Kafka lag reader', [this.admin]);
    this.namespace = new KafkaNamespace(config);
  }

  async lagOf(group: string, topic: string): Promise<number> {
    await this.connection.ready();
    const wireTopic = this.namespace.topic(topic);
    const [ends, committed] = await Promise.all([
      this.admin.fetchTopicOffsets(wireTopic),
      this.admin.fetchOffsets({ groupId: this.namespace.group(group), topics: [wireTopic] }),
    ]);
    const position = new Map((committed[0]?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
    return ends.reduce((lag, { partition, high, low }) => {
      const at = position.get(partition);
      return lag + Math.max(0, Number(high) - (at === undefined || at < 0 ? Number(low) : at));
    }, 0);
  }

  onApplicationShutdown(): Promise<void> {
    return this.connection.close();
  }
}
