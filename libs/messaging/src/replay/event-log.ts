/**
 * Called with a run of messages of one topic, in the topic's order (per partition on Kafka).
 * The next run comes once this one is handled, so a replay can apply a run in one transaction.
 */
export type LogVisitor = (topic: string, messages: unknown[]) => Promise<void>;

/** Reads topics from their beginning up to where they end now, without joining a live group. */
export abstract class EventLog {
  /** `readerGroup` names this one read (Kafka: its throw-away consumer group). */
  abstract readFromBeginning(topics: readonly string[], visit: LogVisitor, readerGroup: string): Promise<void>;
}
