import { Admin } from 'kafkajs';
import { deadLetterTopic, Topics } from '@movie/contracts';

/** The platform's topics and their dead-letter topics. */
export const platformTopics = (): string[] => Object.values(Topics).flatMap((topic) => [topic, deadLetterTopic(topic)]);

/**
 * Creates the topics that do not exist yet, with the configured partitions, rather than
 * leaving them to the broker's auto-creation defaults. Returns the ones it created.
 */
export async function createMissingTopics(admin: Admin, topics: string[], partitions: number): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
  });
  return missing;
}
