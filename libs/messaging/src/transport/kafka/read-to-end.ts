import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** One partition's run of messages, as the consumer fetched it. */
export interface ReadBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

const logger = new Logger('KafkaReadToEnd');

/**
 * Reads each partition of the topics (wire names; those that do not exist are skipped) from its
 * first retained offset up to the last message present when called, with the throw-away consumer
 * group `groupId`, deleted afterwards, so that no live group's offsets move. Messages published
 * meanwhile are left out. Fails when `visit` throws, or when no batch comes and none is handled
 * for `idleMs`: a long history may take many minutes, but it must keep moving.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  groupId: string,
  visit: (batch: ReadBatch) => Promise<void>,
  idleMs: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const remaining = await lastOffsets(admin, topics);
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(topics)], fromBeginning: true });
      await runUntil(consumer, topics, remaining, visit, idleMs);
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch((error: unknown) => logger.warn(`reader group ${groupId} not deleted: ${String(error)}`));
  } finally {
    await admin.disconnect();
  }
}

/** `topic:partition` → the offset of the last message present now, for the partitions that hold any. */
async function lastOffsets(admin: Admin, topics: readonly string[]): Promise<Map<string, bigint>> {
  const existing = new Set(await admin.listTopics());
  const remaining = new Map<string, bigint>();
  for (const topic of topics.filter((name) => existing.has(name))) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high) - 1n);
    }
  }
  return remaining;
}

function runUntil(
  consumer: ReturnType<Kafka['consumer']>,
  topics: readonly string[],
  remaining: Map<string, bigint>,
  visit: (batch: ReadBatch) => Promise<void>,
  idleMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stalled = () => reject(new Error(`reading ${topics.join(', ')} neither received nor handled a batch for ${idleMs} ms before reaching the end`));
    let timer = setTimeout(stalled, idleMs);
    let done = false;
    const moved = () => {
      clearTimeout(timer);
      if (done) return;
      timer = setTimeout(stalled, idleMs);
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
        eachBatch: async ({ batch }) => {
          if (done) return;
          moved();
          const id = `${batch.topic}:${batch.partition}`;
          const last = remaining.get(id);
          if (last === undefined) return;
          const wanted = batch.messages.filter((message) => BigInt(message.offset) <= last);
          try {
            if (wanted.length > 0) await visit({ topic: batch.topic, partition: batch.partition, messages: wanted });
          } catch (error) {
            remaining.clear();
            finish(error);
            return;
          }
          // Handling a batch is progress too: only a single batch that takes the whole timeout stalls the read.
          moved();
          if (BigInt(batch.lastOffset()) >= last) remaining.delete(id);
          if (remaining.size === 0) finish();
        },
      })
      .catch(finish);
  });
}
