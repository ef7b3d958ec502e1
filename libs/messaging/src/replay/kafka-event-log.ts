import { MessagingConfig } from '../messaging.config';
import { decodeMessageValue } from '../transport/decode-message-value';
import { kafkaClient } from '../transport/kafka/kafka-client';
import { KafkaNamespace } from '../transport/kafka/kafka-namespace';
import { readToEnd } from '../transport/kafka/read-to-end';
import { EventLog, LogVisitor } from './event-log';

/** A replay fails only when it stops moving: a long history may take many minutes to apply. */
const REPLAY_IDLE_TIMEOUT_MS = 2 * 60_000;

/**
 * Reads each partition from its first retained offset up to the high-water mark taken at
 * the start, with a throw-away consumer group, so the service's live group and its
 * committed offsets are untouched. Events published during the replay are left to the
 * live consumer. Topics and the group are given by their logical names and read in the
 * namespace; the visitor sees the logical topic.
 */
export class KafkaEventLog extends EventLog {
  private readonly namespace: KafkaNamespace;

  constructor(private readonly config: MessagingConfig) {
    super();
    this.namespace = new KafkaNamespace(config);
  }

  async readFromBeginning(logicalTopics: readonly string[], logicalVisit: LogVisitor, readerGroup: string): Promise<void> {
    const kafka = kafkaClient(this.config, `${this.config.clientId}-replay`);
    const topics = logicalTopics.map((topic) => this.namespace.topic(topic));
    // A batch is one partition's fetched run; handing it over whole lets the replay apply it in few transactions.
    await readToEnd(kafka, topics, this.namespace.group(readerGroup), ({ topic, messages }) =>
      logicalVisit(this.namespace.logicalTopic(topic), messages.map(({ value }) => (value === null ? null : decodeMessageValue(value.toString('utf8'))))),
    REPLAY_IDLE_TIMEOUT_MS);
  }
}
