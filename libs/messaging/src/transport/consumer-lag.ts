/**
 * How far a consumer group is behind the end of a topic, in messages, on the app's transport;
 * read on each /metrics scrape (messaging_consumer_lag). Names are logical: the transport adds
 * its namespace.
 */
export abstract class ConsumerLagReader {
  abstract lagOf(group: string, topic: string): Promise<number>;
}
