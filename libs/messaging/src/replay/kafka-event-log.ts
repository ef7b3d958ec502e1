import { Logger } from '@nestjs/common';
import { Admin, Consumer } from 'kafkajs';
import { MessagingConfig } from '../messaging.config';
import { decodeMessageValue } from '../transport/decode-message-value';
import { kafkaClient } from '../transport/kafka/kafka-client';
import { KafkaNamespace } from '../transport/kafka/kafka-namespace';
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
  private readonly logger = new Logger(KafkaEventLog.name);
  private readonly namespace: KafkaNamespace;

  constructor(private readonly config: MessagingConfig) {
    super();
    this.namespace = new KafkaNamespace(config);
  }

  async readFromBeginning(logicalTopics: readonly string[], logicalVisit: LogVisitor, readerGroup: string): Promise<void> {
    const topics = logicalTopics.map((topic) => this.namespace.topic(topic));
    const groupId = this.namespace.group(readerGroup);
    const visit: LogVisitor = (topic, message) => logicalVisit(this.namespace.logicalTopic(topic), message);
    const kafka = kafkaClient(this.config, `${this.config.clientId}-replay`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const remaining = await this.partitionsToRead(admin, topics);
      if (remaining.size === 0) return;
      const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
      try {
        await this.readUntil(consumer, topics, remaining, visit);
      } finally {
        await consumer.disconnect();
      }
      await admin.deleteGroups([groupId]).catch((error: unknown) => this.logger.warn(`replay group ${groupId} not deleted: ${String(error)}`));
    } finally {
      await admin.disconnect();
    }
  }

  /** `topic:partition` → the offset of the last message present when the replay starts. */
  private async partitionsToRead(admin: Admin, topics: readonly string[]) {
    const existing = new Set(await admin.listTopics());
    const remaining = new Map<string, bigint>();
    for (const topic of topics.filter((name) => existing.has(name))) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high) - 1n);
      }
    }
    return remaining;
  }

  private async readUntil(consumer: Consumer, topics: readonly string[], remaining: Map<string, bigint>, visit: LogVisitor) {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(topics)], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const stalled = () => reject(new Error(`replay of ${topics.join(', ')} neither received nor applied a batch for ${REPLAY_IDLE_TIMEOUT_MS} ms before reaching the end`));
      let timer = setTimeout(stalled, REPLAY_IDLE_TIMEOUT_MS);
      let done = false;
      const moved = () => {
        clearTimeout(timer);
        if (done) return;
        timer = setTimeout(stalled, REPLAY_IDLE_TIMEOUT_MS);
      };
      const finish = (error?: unknown) => {
        done = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      consumer
        .run({
          autoCommit: false,
          // A batch is one partition's fetched run; handing it over whole lets the replay apply it in few transactions.
          eachBatch: async ({ batch }) => {
            if (done) return;
            moved();
            const id = `${batch.topic}:${batch.partition}`;
            const last = remaining.get(id);
            if (last === undefined) return;
            const wanted = batch.messages.filter((message) => BigInt(message.offset) <= last);
            if (wanted.length === 0) return;
            try {
              await visit(batch.topic, wanted.map(({ value }) => (value === null ? null : decodeMessageValue(value.toString('utf8')))));
            } catch (error) {
              remaining.clear();
              finish(error);
              return;
            }
            // Applying a batch is progress too: only a single batch that takes the whole timeout stalls the replay.
            moved();
            if (BigInt(wanted[wanted.length - 1].offset) >= last) remaining.delete(id);
            if (remaining.size === 0) finish();
          },
        })
        .catch(finish);
    });
  }
}
