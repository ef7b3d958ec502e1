import { ConfigError, EnvReader } from '@movie/runtime';

export type MessagingTransport = 'memory' | 'kafka';

export interface MessagingConfig {
  /** `memory`: every app in one process shares an in-process bus; `kafka`: a real broker. */
  transport: MessagingTransport;
  brokers: string[];
  /** Kafka client id and consumer group (after the namespace): the service name. */
  clientId: string;
  /** How often the relay looks for unsent outbox rows when nothing wakes it. */
  pollMs: number;
  /** The shortest time between two relay passes, so that under load one pass sends several commits' rows. */
  lingerMs: number;
  /** Partitions of the topics the publisher creates. */
  partitions: number;
  /**
   * How long a sent outbox row is kept, on Kafka, before it is deleted (0: kept for good). The
   * broker holds the events from then on; the in-memory bus keeps no history, so there the rows stay.
   */
  outboxRetentionHours: number;
  /**
   * How long an inbox row is kept, on Kafka (0: for good). Longer than the topics' retention, so
   * that an event the broker delivers again (a group's offsets reset) still finds its row.
   */
  inboxRetentionHours: number;
  /**
   * Prefix of every Kafka topic and consumer group, ending in '.' (or empty), so
   * environments sharing a cluster never see each other's events. Code keeps the
   * logical names; only the Kafka transport applies it.
   */
  namespace: string;
}

const NAMESPACE = /^[A-Za-z0-9._-]{1,60}$/;

/** Platform-wide settings, so they carry no app prefix (see CONTRIBUTING.md). */
export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env, service: string): MessagingConfig {
  const platform = new EnvReader(env);
  const namespace = readNamespace(platform.optional('MESSAGING_NAMESPACE'));
  const config: MessagingConfig = {
    transport: platform.oneOf('MESSAGING_TRANSPORT', ['memory', 'kafka'] as const, 'memory'),
    brokers: platform.list('KAFKA_BROKERS', ['127.0.0.1:9092']),
    clientId: service,
    pollMs: platform.int('OUTBOX_POLL_MS', 200, { min: 10, max: 60_000 }),
    lingerMs: platform.int('OUTBOX_LINGER_MS', 2, { min: 0, max: 1_000 }),
    partitions: platform.int('KAFKA_TOPIC_PARTITIONS', 3, { min: 1, max: 100 }),
    outboxRetentionHours: platform.int('OUTBOX_RETENTION_HOURS', 168, { min: 0, max: 24 * 3650 }),
    // Twice Kafka's default retention of seven days.
    inboxRetentionHours: platform.int('INBOX_RETENTION_HOURS', 336, { min: 0, max: 24 * 3650 }),
    namespace: namespace.value,
  };
  platform.done(namespace.problems);
  return config;
}

/** `e2e.story.42` → `e2e.story.42.`, so the prefix reads apart from the topic it precedes. */
function readNamespace(raw: string | undefined): { value: string; problems: string[] } {
  if (raw === undefined) return { value: '', problems: [] };
  if (!NAMESPACE.test(raw)) {
    return { value: '', problems: [`MESSAGING_NAMESPACE must be 1 to 60 letters, digits, '.', '_' or '-', got "${raw}"`] };
  }
  return { value: raw.endsWith('.') ? raw : `${raw}.`, problems: [] };
}


/**
 * An app's settings plus the platform's messaging settings, with every wrong one reported in one
 * ConfigError (the app reader's, then `alsoWrong`, then messaging's), so an operator fixes them
 * in a single start attempt.
 */
export function withMessagingConfig<T>(
  env: NodeJS.ProcessEnv,
  service: string,
  platform: EnvReader,
  own: T,
  alsoWrong: readonly string[] = [],
): T & { messaging: MessagingConfig } {
  let messaging: MessagingConfig | undefined;
  let messagingProblems: string[] = [];
  try {
    messaging = loadMessagingConfig(env, service);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    messagingProblems = error.problems;
  }
  platform.done([...alsoWrong, ...messagingProblems]);
  return { ...own, messaging: messaging! };
}
