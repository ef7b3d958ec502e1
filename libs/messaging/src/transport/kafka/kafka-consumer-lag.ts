import { OnApplicationShutdown } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { MessagingConfig } from '../../messaging.config';
import { ConsumerLagReader } from '../consumer-lag';
import { kafkaClient } from './kafka-client';
import { KafkaNamespace } from './kafka-namespace';

/**
 * A group's lag as the broker sees it: each partition's end offset minus the group's committed
 * offset (the partition's first offset while the group has committed none). One admin
 * connection, opened at the first scrape and kept, serves every scrape.
 */
export class KafkaConsumerLag extends ConsumerLagReader implements OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly namespace: KafkaNamespace;
  private connecting: Promise<void> | undefined;

  constructor(config: MessagingConfig) {
    super();
    this.admin = kafkaClient(config, `${config.clientId}-lag`).admin();
    this.namespace = new KafkaNamespace(config);
  }

  async lagOf(group: string, topic: string): Promise<number> {
    await this.connect();
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

  async onApplicationShutdown(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.admin.disconnect().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
