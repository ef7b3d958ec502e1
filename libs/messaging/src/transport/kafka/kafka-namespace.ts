import { MessagingConfig } from '../../messaging.config';

/**
 * The names an environment uses on a shared cluster: `${namespace}${topic}` and
 * `${namespace}${group}`. Apps, the outbox and @EventPattern handlers keep the logical
 * names (Topics.booking); only the Kafka transport translates, at the wire.
 */
export class KafkaNamespace {
  private readonly prefix: string;

  constructor(config: Pick<MessagingConfig, 'namespace'>) {
    this.prefix = config.namespace;
  }

  topic(logical: string): string {
    return `${this.prefix}${logical}`;
  }

  group(logical: string): string {
    return `${this.prefix}${logical}`;
  }

  /** The logical name of a topic on the wire; the consumer only subscribes to its own namespace. */
  logicalTopic(wire: string): string {
    return wire.startsWith(this.prefix) ? wire.slice(this.prefix.length) : wire;
  }
}
