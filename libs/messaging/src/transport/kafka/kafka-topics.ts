import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, Kafka } from 'kafkajs';
import { deadLetterTopic, Topics } from '@movie/contracts';

/** The platform's topics and their dead-letter topics. */
export const platformTopics = (): string[] => Object.values(Topics).flatMap((topic) => [topic, deadLetterTopic(topic)]);

export interface TopicWait {
  /** How long a created topic may take to get its partitions' leaders. */
  timeoutMs: number;
  pollMs: number;
}

const DEFAULT_WAIT: TopicWait = { timeoutMs: 30_000, pollMs: 100 };

export interface TopicSettings {
  partitions: number;
  /** Topic-level broker settings, such as `retention.ms`; the broker's defaults otherwise. */
  config?: Record<string, string>;
}

/** Errors the broker answers while a topic it was just told about is still being set up. */
const settingUp = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Creates the topics that do not exist yet, with the given partitions and settings, rather than
 * leaving them to the broker's auto-creation defaults, and returns once every partition of
 * them has a leader. Returns the ones that were missing.
 *
 * kafkajs' own wait (`waitForLeaders`) is not enough when several apps start against a new
 * broker, as `npm run start:distributed` does: it gives up on "This server does not host this
 * topic-partition", and it does not wait at all when another app created the same topic a
 * moment earlier. A subscription right after then fails and the app exits.
 */
export async function createMissingTopics(
  admin: Admin,
  topics: string[],
  { partitions, config = {} }: TopicSettings,
  wait: TopicWait = DEFAULT_WAIT,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  // Resolves false, without an error, when another app created them first.
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: -1,
      configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
    })),
  });
  await waitForLeaders(admin, missing, wait);
  return missing;
}

/** createMissingTopics over an admin connection of its own, closed after: for topics an app makes once, at start. */
export async function createMissingTopicsOnce(kafka: Kafka, topics: string[], settings: TopicSettings): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await createMissingTopics(admin, topics, settings);
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], { timeoutMs, pollMs }: TopicWait): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waitingFor = await leaderlessTopics(admin, topics);
    if (!waitingFor) return;
    if (Date.now() >= deadline) throw new Error(`Kafka topics not ready within ${timeoutMs} ms: ${waitingFor}`);
    await sleep(pollMs);
  }
}

/** What the topics still wait for, or undefined when every partition has a leader. */
async function leaderlessTopics(admin: Admin, topics: string[]): Promise<string | undefined> {
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const leaderless = metadata.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
    return leaderless.length > 0 ? `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}` : undefined;
  } catch (error) {
    if (!settingUp.has((error as { type?: string }).type ?? '')) throw error;
    return (error as Error).message;
  }
}
