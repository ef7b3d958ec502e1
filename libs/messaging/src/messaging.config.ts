import { EnvReader } from '@movie/runtime';

export type MessagingTransport = 'memory' | 'kafka';

export interface MessagingConfig {
  /** `memory`: every app in one process shares an in-process bus; `kafka`: a real broker. */
  transport: MessagingTransport;
  brokers: string[];
  /** Kafka client id and consumer group: the service name. */
  clientId: string;
  /** How often the relay looks for unsent outbox rows when nothing wakes it. */
  pollMs: number;
  /** Partitions of the topics the publisher creates. */
  partitions: number;
}

/** Platform-wide settings, so they carry no app prefix (see CONTRIBUTING.md). */
export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env, service: string): MessagingConfig {
  const platform = new EnvReader(env);
  const config: MessagingConfig = {
    transport: platform.oneOf('MESSAGING_TRANSPORT', ['memory', 'kafka'] as const, 'memory'),
    brokers: platform.list('KAFKA_BROKERS', ['127.0.0.1:9092']),
    clientId: service,
    pollMs: platform.int('OUTBOX_POLL_MS', 200, { min: 10, max: 60_000 }),
    partitions: platform.int('KAFKA_TOPIC_PARTITIONS', 3, { min: 1, max: 100 }),
  };
  platform.done();
  return config;
}
