/** Called with each message of a topic, in the topic's order (per partition on Kafka). */
export type LogVisitor = (topic: string, message: unknown) => Promise<void>;

/** Reads topics from their beginning up to where they end now, without joining a live group. */
export abstract class EventLog {
  /** `readerGroup` names this one read (Kafka: its throw-away consumer group). */
  abstract readFromBeginning(topics: readonly string[], visit: LogVisitor, readerGroup: string): Promise<void>;
}
